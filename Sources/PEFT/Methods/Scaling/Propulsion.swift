// Propulsion: each target's output is steered by a trainable vector raised to a power,
// y ← (W₀x + b) ⊙ z^k, z ∈ ℝ^{d_out} starting at 1 (the base model). The power makes the
// gradient k·z^{k−1} (k at start), a built-in larger step for a tiny number of parameters.
// Merge: W ← diag(z^k)·W₀, b ← z^k ⊙ b (diagonal row scaling).
// Kowsher et al. 2024, arXiv 2409.10927. Trainable: d_out per target, (5d + h) per block on
// the default targets q, k, v, o (d each), up (h) and down (d).

import NN
import Tensor

public final class Propulsion: PEFTMethod {
    public static let name = "propulsion"
    public static let family = Family.scaling
    public static let paper = "2409.10927"
    public static let formula = "d_out per target (all linear: (5d + h)L)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (5 * s.d + s.hidden) }
    public static let mergeable = true
    public static let departures = [
        "k = 5, the default of the authors' PEFT() (their PropulsionLinear says 15, their GLUE notebooks 55; the paper's text was not available here)",
        "Only the blocks' Linears are scaled: the authors' PEFT() also wraps the embeddings and the head (here the head trains whole, as for every method)",
    ]
    let power: Int
    let targets: [String]

    public init(_ options: Options) throws {
        power = try options.int("k", default: 5, in: 1...64)
        targets = try Targets.parse(options, default: Targets.linears)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let k = power
        try attachLinearHooks(model, targets: targets, method: Self.name) { Hook($0.outFeatures, power: k) }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook {
        let z: Tensor  // (out), starts at 1
        let power: Int
        init(_ n: Int, power: Int) { (z, self.power) = (.ones([n], requiresGrad: true), power) }
        /// z^k by repeated products (z may cross zero, so no exp(k·log z)).
        func scale() -> Tensor { (1..<power).reduce(z) { p, _ in p * z } }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { base.forward(x) * scale() }
        func mergedWeight(_ base: Linear) -> Tensor { base.weight * scale().reshaped([base.outFeatures, 1]) }
        func mergedBias(_ base: Linear) -> Tensor? { base.bias.map { $0 * scale() } }
    }
}
