// A fixed mask over base tensors, shared by the sparse selective methods (FishMask, PaFi,
// Child-Tuning_D): the masked entries train in place; after every optimizer step every other
// entry of a masked tensor is put back to θ₀ (which also undoes AdamW's weight decay on it), so
// only masked entries ever change. The stored form is the changed entries as a sparse delta.

import NN
import Tensor

final class FixedMask {
    private var masks: [ObjectIdentifier: [Bool]] = [:]
    private var originals: [(tensor: Tensor, base: [Float], mask: [Bool])] = []

    /// Masks each tensor (a tensor without a mask trains whole, or is frozen).
    func set(_ chosen: [(Tensor, [Bool])]) {
        masks = [:]
        originals = []
        for (t, mask) in chosen {
            masks[ObjectIdentifier(t)] = mask
            originals.append((t, t.values, mask))
        }
    }

    func mask(_ tensor: Tensor) -> [Bool]? { masks[ObjectIdentifier(tensor)] }

    /// The last step (0-based) of a run's first half, at least step 0: where the two-phase
    /// methods (LT-SFT, XPrompt) choose their mask and start phase 2.
    static func lastStepOfFirstHalf(total: Int) -> Int { Swift.max(total / 2, 1) - 1 }

    /// Every entry outside the mask back to its pretrained value.
    func restore() {
        for (t, base, mask) in originals {
            let d = t.data
            for e in 0..<t.count where !mask[e] { d[e] = base[e] }
        }
    }

    /// The masked tensors' changed entries (indices and values).
    func stored() -> [String: Tensor] { sparseDelta(originals.map { ($0.tensor, $0.base) }) }

    /// The top `k` entries over all arrays (ties: earlier array, then lower index).
    static func topK(_ scores: [[Double]], _ k: Int) -> [[Bool]] {
        var flat: [(Double, Int, Int)] = []
        for (j, s) in scores.enumerated() { for (e, v) in s.enumerated() { flat.append((v, j, e)) } }
        flat.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2) < ($1.1, $1.2) }
        var out = scores.map { [Bool](repeating: false, count: $0.count) }
        for (_, j, e) in flat.prefix(k) { out[j][e] = true }
        return out
    }
}
