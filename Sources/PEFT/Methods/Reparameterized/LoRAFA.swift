// LoRA-FA: LoRA with the down-projection frozen. y = W₀x + b + (α/r)·B A x, A (r, in)
// Kaiming-uniform and FROZEN, B (out, r) zero and trained, so step 0 is the base model. With A
// and W₀ frozen, backward needs only x Aᵀ (N, r) for ∂B, never x itself (N, in): the fused
// low-rank product (Tensor+LowRank.swift) keeps no input alive, which is the method's saving of
// activation memory, beside halving the trainable count. A is drawn from `projection_seed`, not
// the run's seed (as VeRA's frozen pair), so an adapter is B alone plus that seed: B loaded into
// a model built with any seed reproduces it. Merge: W ← W₀ + (α/r)·BA.
// Zhang et al. 2023, arXiv 2308.03303. Trainable per target: r·d_out.

import NN
import Tensor

public final class LoRAFA: PEFTMethod {
    public static let name = "lora-fa"
    public static let family = Family.reparameterized
    public static let paper = "2308.03303"
    public static let formula = "r·d_out per target (A frozen)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * 8 * s.d }  // r = 8 on q, v
    public static let rankOption: String? = "r"
    public static let mergeable = true
    let options: LowRankOptions
    let projectionSeed: UInt64

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        projectionSeed = UInt64(try options.int("projection_seed", default: 0, in: 0...Int(Int32.max)))
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        var rng = RNG(seed: projectionSeed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        model.freeze()
        try options.attach(model, method: Self.name) { linear in
            let hook = LowRankHook(
                inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: r, scale: s, rng: &rng)
            hook.a.requiresGrad = false  // the frozen projection
            return hook
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}

extension LoRAFA: PEFTExportable {
    /// A plain LoRA adapter: at inference LoRA-FA is LoRA with its frozen A.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        loraExport(model, options: options)
    }
}
