// Singular value decomposition of a small matrix in Double by one-sided Jacobi (Hestenes):
// rotate pairs of columns until all are orthogonal; then σⱼ = ‖column j‖, V holds the rotations
// and U = AV/σ. Accurate to a few ulps, enough for initialising from W₀'s principal directions.

import Foundation

public struct SVD {
    public let u: [Double]  // (m, k) row-major, k = min(m, n), columns by descending σ
    public let sigma: [Double]  // (k), descending
    public let v: [Double]  // (n, k) row-major
    public let m: Int, n: Int, k: Int

    /// Decomposes the row-major (m, n) matrix `a`.
    public init(_ a: [Double], rows m: Int, cols n: Int) {
        // Work on the transpose when it is wide, so the columns rotated are the shorter side.
        if n > m {
            let t = (0..<(n * m)).map { a[($0 % m) * n + $0 / m] }
            let s = SVD(t, rows: n, cols: m)
            (u, sigma, v, self.m, self.n, k) = (s.v, s.sigma, s.u, m, n, s.k)
            return
        }
        var w = a, vv = [Double](repeating: 0, count: n * n)
        for i in 0..<n { vv[i * n + i] = 1 }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        let (x, y) = (w[i * n + p], w[i * n + q])
                        alpha += x * x; beta += y * y; gamma += x * y
                    }
                    guard abs(gamma) > 1e-15 * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<m {
                        let (x, y) = (w[i * n + p], w[i * n + q])
                        w[i * n + p] = c * x - s * y; w[i * n + q] = s * x + c * y
                    }
                    for i in 0..<n {
                        let (x, y) = (vv[i * n + p], vv[i * n + q])
                        vv[i * n + p] = c * x - s * y; vv[i * n + q] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        let norms = (0..<n).map { j in (0..<m).reduce(0.0) { $0 + w[$1 * n + j] * w[$1 * n + j] }.squareRoot() }
        let order = (0..<n).sorted { norms[$0] > norms[$1] }
        (self.m, self.n, k) = (m, n, n)
        sigma = order.map { norms[$0] }
        v = (0..<(n * n)).map { vv[($0 / n) * n + order[$0 % n]] }
        u = (0..<(m * n)).map { idx in
            let (i, j) = (idx / n, order[idx % n])
            return norms[j] > 0 ? w[i * n + j] / norms[j] : 0
        }
    }
}
