// Fréchet distance between two Gaussians (the FID formula, Heusel et al. 2017, arXiv 1706.08500):
//   d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2})
// computed in Double. tr((Σ₁Σ₂)^{1/2}) = Σ √λᵢ(√Σ₁ Σ₂ √Σ₁), so only symmetric eigendecompositions
// are needed (cyclic Jacobi, fine for the 64-dimensional features used here).

import Foundation

public enum Frechet {
    /// Distance between N(mean1, cov1) and N(mean2, cov2); covariances are d×d row-major.
    public static func distance(mean1: [Double], cov1: [Double], mean2: [Double], cov2: [Double]) -> Double {
        let d = mean1.count
        precondition(mean2.count == d && cov1.count == d * d && cov2.count == d * d, "Frechet: dimensions differ")
        let meanTerm = zip(mean1, mean2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let root1 = sqrtm(cov1, d)
        let inner = matmul(matmul(root1, cov2, d), root1, d)
        let traceRoot = symmetricEigenvalues(inner, d).reduce(0) { $0 + Swift.max($1, 0).squareRoot() }
        let trace = (0..<d).reduce(0) { $0 + cov1[$1 * d + $1] + cov2[$1 * d + $1] }
        return meanTerm + trace - 2 * traceRoot
    }

    /// Distance between the Gaussians fitted to two sets of d-dimensional feature rows (N × d).
    public static func distance(_ a: [Float], _ b: [Float], dim d: Int) -> Double {
        let (m1, c1) = moments(a, d), (m2, c2) = moments(b, d)
        return distance(mean1: m1, cov1: c1, mean2: m2, cov2: c2)
    }

    /// Mean and unbiased covariance of N × d rows.
    public static func moments(_ x: [Float], _ d: Int) -> (mean: [Double], cov: [Double]) {
        let n = x.count / d
        precondition(n >= 2, "Frechet: need at least 2 samples")
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += Double(x[i * d + j]) } }
        for j in 0..<d { mean[j] /= Double(n) }
        var cov = [Double](repeating: 0, count: d * d)
        for i in 0..<n {
            for j in 0..<d {
                let dj = Double(x[i * d + j]) - mean[j]
                for k in j..<d { cov[j * d + k] += dj * (Double(x[i * d + k]) - mean[k]) }
            }
        }
        for j in 0..<d { for k in j..<d { cov[j * d + k] /= Double(n - 1); cov[k * d + j] = cov[j * d + k] } }
        return (mean, cov)
    }

    /// Principal square root of a symmetric positive semi-definite matrix (negative eigenvalues from
    /// rounding are clamped to 0).
    static func sqrtm(_ a: [Double], _ d: Int) -> [Double] {
        let (values, vectors) = symmetricEigen(a, d)
        var out = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            let s = Swift.max(values[k], 0).squareRoot()
            for i in 0..<d { for j in 0..<d { out[i * d + j] += s * vectors[i * d + k] * vectors[j * d + k] } }
        }
        return out
    }

    static func symmetricEigenvalues(_ a: [Double], _ d: Int) -> [Double] { symmetricEigen(a, d).values }

    /// Cyclic Jacobi: eigenvalues and eigenvectors (as columns) of a symmetric matrix.
    static func symmetricEigen(_ m: [Double], _ d: Int) -> (values: [Double], vectors: [Double]) {
        var a = m
        var v = [Double](repeating: 0, count: d * d)
        for i in 0..<d { v[i * d + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<d { for q in (p + 1)..<d { off += a[p * d + q] * a[p * d + q] } }
            if off < 1e-22 * Swift.max(1, (0..<d).reduce(0) { $0 + a[$1 * d + $1] * a[$1 * d + $1] }) { break }
            for p in 0..<d {
                for q in (p + 1)..<d where a[p * d + q] != 0 {
                    let theta = (a[q * d + q] - a[p * d + p]) / (2 * a[p * d + q])
                    let t = (theta >= 0 ? 1 : -1) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<d {  // rotate columns p, q
                        let (akp, akq) = (a[k * d + p], a[k * d + q])
                        a[k * d + p] = c * akp - s * akq
                        a[k * d + q] = s * akp + c * akq
                    }
                    for k in 0..<d {  // rotate rows p, q
                        let (apk, aqk) = (a[p * d + k], a[q * d + k])
                        a[p * d + k] = c * apk - s * aqk
                        a[q * d + k] = s * apk + c * aqk
                    }
                    for k in 0..<d {
                        let (vkp, vkq) = (v[k * d + p], v[k * d + q])
                        v[k * d + p] = c * vkp - s * vkq
                        v[k * d + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<d).map { a[$0 * d + $0] }, v)
    }

    static func matmul(_ a: [Double], _ b: [Double], _ d: Int) -> [Double] {
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for k in 0..<d where a[i * d + k] != 0 { for j in 0..<d { out[i * d + j] += a[i * d + k] * b[k * d + j] } }
        }
        return out
    }
}
