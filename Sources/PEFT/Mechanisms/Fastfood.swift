// The Fastfood projection (Le, Sarlós & Smola 2013) as the intrinsic-dimension papers use it
// (Li et al. 2018, arXiv 1804.08838; Aghajanyan et al. 2020, arXiv 2012.13255): a d-vector θ
// maps to a D-vector
//     P θ = (H G Π H B [θ; 0])[:D] / (σ·√(D/n)),   σ = √(n·Σᵢ Gᵢ²),
// n = the power of two ≥ max(D, d), H the unnormalised n×n Walsh–Hadamard matrix, B random ±1,
// Π a random permutation (gather), G standard normal. HΠ and HB are orthogonal up to √n each,
// so P's columns have norm ≈ 1 (P θ has about θ's norm). P θ and Pᵀ g cost O(n log n) each;
// `dense()` is the slow reference, the same steps as explicit matrices.

import Tensor

public struct Fastfood: Sendable {
    public let inputs: Int, outputs: Int, size: Int  // d, D, n
    let signs: [Float]  // B (n)
    let permutation: [Int32]  // Π: row i of Πx is x[Π[i]]
    let gaussian: [Float]  // G (n)
    let scale: Float  // 1 / (σ·√(D/n))

    public init(inputs d: Int, outputs D: Int, rng: inout RNG) {
        var n = 1
        while n < max(d, D) { n *= 2 }
        (inputs, outputs, size) = (d, D, n)
        signs = (0..<n).map { _ in rng.next() & 1 == 0 ? 1 : -1 }
        var p = (0..<n).map(Int32.init)
        for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        permutation = p
        gaussian = (0..<n).map { _ in rng.normal() }
        let sigma = (Double(n) * gaussian.reduce(0) { $0 + Double($1) * Double($1) }).squareRoot()
        scale = Float(1 / (sigma * (Double(D) / Double(n)).squareRoot()))
    }

    /// The unnormalised Walsh–Hadamard transform of v, in place (n log n butterflies).
    static func hadamard(_ v: inout [Float]) {
        v.withUnsafeMutableBufferPointer { p in
            var h = 1
            while h < p.count {
                for start in stride(from: 0, to: p.count, by: 2 * h) {
                    for i in start..<(start + h) { (p[i], p[i + h]) = (p[i] + p[i + h], p[i] - p[i + h]) }
                }
                h *= 2
            }
        }
    }

    /// P θ, θ (d) → (D).
    public func project(_ theta: [Float]) -> [Float] {
        var v = [Float](repeating: 0, count: size)
        for j in 0..<inputs { v[j] = theta[j] * signs[j] }
        Self.hadamard(&v)
        var w = (0..<size).map { v[Int(permutation[$0])] * gaussian[$0] }
        Self.hadamard(&w)
        return (0..<outputs).map { w[$0] * scale }
    }

    /// Pᵀ g, g (D) → (d): the same steps transposed, in reverse order.
    public func projectTransposed(_ g: [Float]) -> [Float] {
        var w = [Float](repeating: 0, count: size)
        for i in 0..<outputs { w[i] = g[i] * scale }
        Self.hadamard(&w)
        var v = [Float](repeating: 0, count: size)
        for i in 0..<size { v[Int(permutation[i])] = w[i] * gaussian[i] }
        Self.hadamard(&v)
        return (0..<inputs).map { v[$0] * signs[$0] }
    }

    /// θ (d) → P θ, reshaped to `shape` (D entries), differentiable in θ.
    public func callAsFunction(_ theta: Tensor, shape: [Int]) -> Tensor {
        let y = Tensor(project(theta.values), shape: shape)
        let p = self
        return y.recorded(from: [theta]) { g, slots in
            slots[0]?.add(Tensor(p.projectTransposed(g.values), shape: [p.inputs]))
        }
    }

    /// P as an explicit D×d matrix (row-major), built from H, G, Π and B as dense matrices.
    public func dense() -> [Float] {
        let n = size
        let h = (0..<(n * n)).map { k in Float((k / n & k % n).nonzeroBitCount % 2 == 0 ? 1 : -1) }
        func times(_ a: [Float], _ b: [Float]) -> [Float] {  // n×n products
            (0..<(n * n)).map { k in (0..<n).reduce(0) { $0 + a[k / n * n + $1] * b[$1 * n + k % n] } }
        }
        let diagB = (0..<(n * n)).map { k in k / n == k % n ? signs[k % n] : 0 }
        let diagG = (0..<(n * n)).map { k in k / n == k % n ? gaussian[k % n] : 0 }
        let pi = (0..<(n * n)).map { k in Int(permutation[k / n]) == k % n ? Float(1) : 0 }
        let full = times(h, times(diagG, times(pi, times(h, diagB))))
        return (0..<(outputs * inputs)).map { k in full[k / inputs * n + k % inputs] * scale }
    }
}
