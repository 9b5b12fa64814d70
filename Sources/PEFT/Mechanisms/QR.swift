// Reduced QR decomposition of a small row-major matrix in Double by Householder reflections:
// A (m, n) = Q (m, k) · R (k, n), k = min(m, n), Qᵀ Q = I, R upper triangular. As LAPACK's
// geqrf (which torch.linalg.qr calls), each reflector maps its column onto −sign(a_jj)·‖·‖ e_j,
// so R's diagonal may be negative; OLoRA needs only that Q_r R_r is the best span of W's first r
// columns, which any sign convention gives.

import Foundation

public struct QR {
    public let q: [Double]  // (m, k) row-major
    public let r: [Double]  // (k, n) row-major
    public let m: Int, n: Int, k: Int

    public init(_ a: [Double], rows m: Int, cols n: Int) {
        precondition(a.count == m * n, "QR: \(a.count) values for \(m)×\(n)")
        let k = min(m, n)
        var w = a
        var reflectors: [[Double]] = []  // v_j (m − j), H_j = I − 2 v vᵀ / vᵀv
        for j in 0..<k {
            var v = (j..<m).map { w[$0 * n + j] }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v[0] += v[0] < 0 ? -norm : norm  // v = x + sign(x₀)‖x‖e₀: no cancellation
            let vv = v.reduce(0) { $0 + $1 * $1 }
            if vv > 0 {
                for c in j..<n {
                    var dot = 0.0
                    for i in j..<m { dot += v[i - j] * w[i * n + c] }
                    let f = 2 * dot / vv
                    for i in j..<m { w[i * n + c] -= f * v[i - j] }
                }
            }
            reflectors.append(v)
        }
        var r = [Double](repeating: 0, count: k * n)
        for i in 0..<k { for c in i..<n { r[i * n + c] = w[i * n + c] } }
        // Q = H_0 H_1 … H_{k−1} applied to the first k columns of the identity, last reflector first.
        var q = [Double](repeating: 0, count: m * k)
        for i in 0..<k { q[i * k + i] = 1 }
        for j in stride(from: k - 1, through: 0, by: -1) {
            let v = reflectors[j], vv = v.reduce(0) { $0 + $1 * $1 }
            guard vv > 0 else { continue }
            for c in 0..<k {
                var dot = 0.0
                for i in j..<m { dot += v[i - j] * q[i * k + c] }
                let f = 2 * dot / vv
                for i in j..<m { q[i * k + c] -= f * v[i - j] }
            }
        }
        (self.q, self.r, self.m, self.n, self.k) = (q, r, m, n, k)
    }
}
