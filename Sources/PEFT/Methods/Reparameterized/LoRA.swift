// LoRA: y = W₀x + b + (α/r)·B A x, A (r, in) Kaiming-uniform, B (out, r) zero, so the adapted
// model equals the base at step 0. Merge: W ← W₀ + (α/r)·BA.
// Hu et al. 2021, arXiv 2106.09685. Trainable per target Linear (out × in): r·(in + out).
// Subclasses change only the scale rule (rslora) or the optimizer groups (lora-plus).

import NN
import Tensor

public class LoRA: PEFTMethod {
    public class var name: String { "lora" }
    public class var family: Family { .reparameterized }
    public class var paper: String { "2106.09685" }
    public class var formula: String { "r(d_in + d_out) per target" }
    public class func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) }
    public class var rankOption: String? { "r" }
    public class var mergeable: Bool { true }
    public class var departures: [String] { [] }
    /// Whether the scale is α/√r (PEFT's `use_rslora`).
    class var rsLoRA: Bool { false }
    /// The factor s in W₀ + s·BA.
    class func scale(alpha: Float, rank: Int) -> Float { alpha / Float(rank) }

    let options: LowRankOptions

    public required init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        try options.attachLoRA(
            model, method: Self.name, seed: seed, scale: Self.scale(alpha: options.alpha, rank: options.rank))
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// Declared here so that subclasses can override it (the protocol's default is static).
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? { nil }
}

extension LoRA: PEFTExportable {
    /// PEFT's LORA type; rslora sets `use_rslora`.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        loraExport(model, options: options, rslora: Self.rsLoRA)
    }
}
