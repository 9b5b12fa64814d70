// LoRA+: LoRA whose up-projection B learns faster than A, η_B = λ·η_A. y = W₀x + b + (α/r)·BAx,
// A (r, in) Kaiming-uniform, B (out, r) zero. The paper shows that with one rate for both, wide
// layers' feature learning is inefficient (B's gradient is too small relative to A's); λ = 2⁴ is
// its recommended ratio (§5). The run's (tuned) rate is η_A, as in HF PEFT's
// create_loraplus_optimizer, and so is the head's; B's matrices keep the run's weight decay. Merge: W ← W₀ + (α/r)·BA.
// Hayou, Ghosh & Yu 2024, arXiv 2402.12354. Trainable per target: r·(d_in + d_out), as LoRA.

import NN
import Tensor

public final class LoRAPlus: LoRA {
    override public class var name: String { "lora-plus" }
    override public class var paper: String { "2402.12354" }
    override public class var departures: [String] {
        [
            "Only B's matrices get λ·η (the paper's rule); HF PEFT's create_loraplus_optimizer also gives every 1-D trainable, the head's bias here, λ·η"
        ]
    }
    /// λ = η_B / η_A.
    let ratio: Float

    public required init(_ options: Options) throws {
        ratio = try options.float("ratio", default: 16, in: 1...1e4)
        try super.init(options)
    }

    /// B's at λ × the rate; A's and everything else (the head) as the default groups.
    override public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let ups = Set(hooks(model, LowRankHook.self).map { ObjectIdentifier($0.hook.b) })
        let params = model.trainableParameters().map(\.tensor)
        let isUp = { (t: Tensor) in ups.contains(ObjectIdentifier(t)) }
        return [ParameterGroup(params.filter(isUp), lrScale: ratio, weightDecay: weightDecay)]
            + ParameterGroup.decayingMatrices(params.filter { !isUp($0) }, weightDecay: weightDecay)
    }
}
