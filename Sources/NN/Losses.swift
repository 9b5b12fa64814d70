// Losses. Cross-entropy is fused (log-softmax and NLL in one pass, backward (softmax − onehot)/N);
// MSE is composed from ops.

import Foundation
import Tensor

extension Tensor {
    /// Mean cross-entropy of logits (N, C) against class indices; targets equal to `ignore`
    /// contribute nothing and are left out of the mean.
    public func crossEntropy(_ targets: [Int], ignore: Int? = nil) -> Tensor {
        let x = self
        let c = shape.last!
        let n = count / c
        precondition(targets.count == n, "crossEntropy: \(targets.count) targets for \(n) rows of logits \(shape)")
        precondition(
            targets.allSatisfy { $0 == ignore || (0..<c).contains($0) },
            "crossEntropy: a target is outside 0..<\(c)")
        // Rows in parallel; per-row losses are summed afterwards in row order (deterministic).
        let probs = Tensor.empty([n, c])
        var rowLoss = [Double](repeating: 0, count: n)
        let (px, pp) = (x.data, probs.data)
        rowLoss.withUnsafeMutableBufferPointer { buf in
            let losses = SendablePointer(buf.baseAddress!)
            parallelFor(n, grain: Swift.max(1, 16_384 / c)) { rows in
                for i in rows {
                    let (row, p) = (px + i * c, pp + i * c)
                    var mx = -Float.infinity
                    for j in 0..<c { mx = Swift.max(mx, row[j]) }
                    let s = expShifted(row, p, c, shift: mx)
                    let inv = 1 / s
                    for j in 0..<c { p[j] *= inv }
                    let y = targets[i]
                    losses.p[i] = y == ignore ? 0 : Double(mx + Foundation.log(s) - row[y])
                }
            }
        }
        let used = targets.filter { $0 != ignore }.count
        let total = rowLoss.reduce(0, +)
        let scale = 1 / Float(Swift.max(used, 1))
        let out = Tensor(scalar: Float(total) * scale)
        return out.recorded(from: [x]) { g, slots in
            let gs = g.data[0] * scale
            slots[0]?.add { dx, acc in
                parallelFor(n, grain: Swift.max(1, 16_384 / c)) { rows in
                    for i in rows {
                        let (p, d, y) = (probs.data + i * c, dx + i * c, targets[i])
                        let w: Float = y == ignore ? 0 : gs
                        for j in 0..<c {
                            let v = w * (p[j] - (j == y ? 1 : 0))
                            d[j] = acc ? d[j] + v : v
                        }
                    }
                }
            }
        }
    }

    /// The symmetrized KL divergence between the class distributions of two logit tensors (N, C),
    /// ½·Σ_rows [KL(q‖p) + KL(p‖q)] / N with p = softmax(self), q = softmax(other): AdaMix's
    /// consistency between two stochastic passes (2205.12410 §3.2). As the paper's code, each
    /// term treats its target distribution as a constant, so the gradients are ∂/∂self = (p − q)/2N
    /// and ∂/∂other = (q − p)/2N, not the full derivative of the value.
    public func symmetricKL(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape, "symmetricKL: shapes \(shape) and \(other.shape) differ")
        let c = shape.last!, n = count / c
        let (p, q) = (logSoftmaxRows(self, c), logSoftmaxRows(other, c))  // log-probabilities
        var total = 0.0
        for i in 0..<(n * c) { total += Double((Foundation.exp(q[i]) - Foundation.exp(p[i])) * (q[i] - p[i])) }
        let scale = 1 / Float(2 * n)
        let out = Tensor(scalar: Float(total) * scale)
        return out.recorded(from: [self, other]) { g, slots in
            let gs = g.data[0] * scale
            for (slot, (mine, theirs)) in zip(slots, [(p, q), (q, p)]) {
                slot?.add { d, acc in
                    for i in 0..<(n * c) {
                        let v = gs * (Foundation.exp(mine[i]) - Foundation.exp(theirs[i]))
                        d[i] = acc ? d[i] + v : v
                    }
                }
            }
        }
    }

    /// Mean squared error against `target` (same shape).
    public func mse(_ target: Tensor) -> Tensor { (self - target).square().mean() }
}

/// Row-wise log-softmax of `x`'s values over rows of `c`, computed stably (max shifted).
private func logSoftmaxRows(_ x: Tensor, _ c: Int) -> [Float] {
    var out = x.values
    for start in stride(from: 0, to: out.count, by: c) {
        let row = out[start..<(start + c)]
        let mx = row.max()!
        let lse = mx + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - mx) })
        for j in start..<(start + c) { out[j] -= lse }
    }
    return out
}
