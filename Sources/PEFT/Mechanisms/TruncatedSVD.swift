// The top r singular triplets of a row-major (m, n) matrix by randomized subspace iteration
// (Halko, Martinsson & Tropp 2011, arXiv 0909.4061, Alg. 4.4 + 5.1): a Gaussian start of r + p
// columns (fixed seed), q rounds of A·Aᵀ with re-orthonormalisation (QR), then the exact SVD of
// the small projection QᵀA. Cost O(mn(r + p)q) instead of the full Jacobi SVD's O(mn²) sweeps
// (minilm's 1536×384 weights: milliseconds, not tens of seconds). Tested against `SVD`; its
// products run on dgemm (they were 46% of an LQ-LoRA run on minilm as naive loops, by perf).

import Tensor

public enum TruncatedSVD {
    /// c (rows, cols) = x (rows, inner) · y (inner, cols), or xᵀ·y with `transX` (x (inner, rows)).
    public typealias Product = (
        _ x: [Double], _ y: [Double], _ rows: Int, _ inner: Int, _ cols: Int, _ transX: Bool
    ) -> [Double]

    /// (u (m, r), sigma (r), v (n, r)), row-major, σ descending, as `SVD`'s first r columns. The
    /// products go through dgemm; `product: referenceProduct` is the slow path the tests hold it to.
    public static func top(
        _ a: [Double], rows m: Int, cols n: Int, rank r: Int, oversample p: Int = 8, iterations q: Int = 6,
        product: Product = { dgemm($0, $1, rows: $2, inner: $3, cols: $4, transX: $5) }
    ) -> (u: [Double], sigma: [Double], v: [Double]) {
        let k = Swift.min(r + p, m, n)
        var rng = RNG(seed: 0x5FD)
        let omega = (0..<(n * k)).map { _ in Double(Tensor.randn([1], rng: &rng).values[0]) }
        func orth(_ y: [Double], rows: Int) -> [Double] { QR(y, rows: rows, cols: k).q }
        var basis = orth(product(a, omega, m, n, k, false), rows: m)  // (m, k)
        for _ in 0..<q {
            let z = orth(product(a, basis, n, m, k, true), rows: n)  // Aᵀ Q (n, k)
            basis = orth(product(a, z, m, n, k, false), rows: m)
        }
        let small = product(basis, a, k, m, n, true)  // Qᵀ A (k, n)
        let svd = SVD(small, rows: k, cols: n)
        let uSmall = (0..<(k * r)).map { svd.u[($0 / r) * svd.k + $0 % r] }  // (k, r)
        let u = product(basis, uSmall, m, k, r, false)
        let v = (0..<(n * r)).map { svd.v[($0 / r) * svd.k + $0 % r] }
        return (u, Array(svd.sigma.prefix(r)), v)
    }

    /// The naive triple loop (row by row, skipping zeros of x).
    public static func referenceProduct(
        _ x: [Double], _ y: [Double], rows: Int, inner: Int, cols: Int, transX: Bool
    ) -> [Double] {
        var c = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows {
            for t in 0..<inner {
                let xv = transX ? x[t * rows + i] : x[i * inner + t]
                if xv == 0 { continue }
                for j in 0..<cols { c[i * cols + j] += xv * y[t * cols + j] }
            }
        }
        return c
    }
}
