// A trainable update on the first r output rows or the first r input columns of a frozen Linear,
// shared by RoCoFT (its whole method) and FAR (the learner units of each MLP after priming).
//   rows:    W = W₀ + [R; 0], R (r, in), and with a bias delta b = b₀ + [δ; 0], δ (r)
//   columns: W = W₀ + [C | 0], C (out, r)
// The update is its own small product, x Rᵀ (…, r) added to the first r outputs, or
// x[…, :r] Cᵀ: neither pass touches a dense (out, in) gradient, which is the memory and time both
// methods are about. Merge: the rows or columns are added into W (and δ into b).

import NN
import Tensor

final class RowColumnDelta: Module, MergeableLinearHook {
    let delta: Tensor  // rows: (r, in); columns: (out, r)
    let biasDelta: Tensor?  // rows only: (r)
    let rows: Bool

    /// Zero updates on the first `r` rows of `base` (with a bias delta if `bias`).
    init(rows r: Int, of base: Linear, bias: Bool, trainable: Bool = true) {
        delta = .zeros([r, base.inFeatures], requiresGrad: trainable)
        biasDelta = bias ? .zeros([r], requiresGrad: trainable) : nil
        rows = true
    }

    /// A zero update on the first `r` input columns of `base`.
    init(columns r: Int, of base: Linear, trainable: Bool = true) {
        delta = .zeros([base.outFeatures, r], requiresGrad: trainable)
        biasDelta = nil
        rows = false
    }

    /// The update's own tensors, for methods that switch them on and off.
    var tensors: [Tensor] { [delta] + (biasDelta.map { [$0] } ?? []) }

    /// x (…, in) → W₀x + b plus the update on its rows or columns.
    func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
        let y = base.forward(x)
        guard rows else { return y + x.slice(axis: -1, 0..<delta.shape[1]).matmul(delta, transB: true) }
        let r = delta.shape[0], rest = base.outFeatures - r
        var head = x.matmul(delta, transB: true)  // (…, r)
        if let biasDelta { head = head + biasDelta }
        let update =
            rest == 0 ? head : Tensor.concat([head, .zeros(Array(head.shape.dropLast()) + [rest])], axis: -1)
        return y + update
    }

    /// The dense (out, in) update, for the merge and the reference.
    func full(_ base: Linear) -> Tensor {
        let (o, i) = (base.outFeatures, base.inFeatures)
        if rows {
            return Tensor.concat([delta, .zeros([o - delta.shape[0], i])].filter { $0.count > 0 }, axis: 0)
        }
        return Tensor.concat([delta, .zeros([o, i - delta.shape[1]])].filter { $0.count > 0 }, axis: 1)
    }
    func mergedWeight(_ base: Linear) -> Tensor { base.weight + full(base) }
    func mergedBias(_ base: Linear) -> Tensor? {
        guard let b = base.bias, let biasDelta else { return base.bias }
        let rest = b.count - biasDelta.count
        return b + (rest == 0 ? biasDelta : Tensor.concat([biasDelta, .zeros([rest])], axis: 0))
    }
}
