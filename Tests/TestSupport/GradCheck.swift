// Test helpers: a finite-difference gradient check and element-wise closeness with a readable
// report. The scalar checked is L = Σ out ⊙ w with fixed random w, so every output element
// contributes a distinct weight and a wrong index in a backward cannot cancel out.

import Tensor

/// Compares the analytic gradient of every input that requires one with central differences.
/// Returns one line per mismatch (empty when all agree). Inputs are perturbed in place and restored.
public func gradCheck(
    _ inputs: [Tensor], eps: Float = 1e-2, atol: Float = 2e-3, rtol: Float = 2e-2,
    maxPerInput: Int = 48, seed: UInt64 = 99, _ f: () -> Tensor
) -> [String] {
    let probe = withoutGrad { f() }
    var rng = RNG(seed: seed)
    let w = (0..<probe.count).map { _ in Double(rng.uniform(-1, 1)) }
    func loss() -> Double {
        let out = withoutGrad { f() }
        return zip(out.values, w).reduce(0) { $0 + Double($1.0) * $1.1 }
    }
    for t in inputs { t.grad = nil }
    let out = f()
    out.backward(seed: Tensor(w.map(Float.init), shape: out.shape))
    var failures: [String] = []
    for (n, t) in inputs.enumerated() where t.requiresGrad {
        guard let g = t.grad else { failures.append("input \(n): no gradient"); continue }
        let stride = max(1, t.count / maxPerInput)
        for i in Swift.stride(from: 0, to: t.count, by: stride) {
            let x0 = t.data[i]
            t.data[i] = x0 + eps; let up = loss()
            t.data[i] = x0 - eps; let down = loss()
            t.data[i] = x0
            let numeric = Float((up - down) / Double(2 * eps))
            let analytic = g.data[i]
            if Swift.abs(numeric - analytic) > atol + rtol * Swift.abs(numeric) {
                failures.append("input \(n) shape \(t.shape) [\(i)]: analytic \(analytic), numeric \(numeric)")
            }
        }
    }
    return failures
}

/// Largest |a − b| over two equally long arrays.
public func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "maxAbsDiff: \(a.count) vs \(b.count) values")
    return zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
}

/// A tensor of N(0, std²) values that requires a gradient.
public func param(_ shape: [Int], std: Float = 1, seed: UInt64) -> Tensor {
    var rng = RNG(seed: seed)
    return .randn(shape, std: std, rng: &rng, requiresGrad: true)
}
