// P-tuning v2 (deep prompts): prefix keys and values in every block, trained directly (no
// reparameterisation), starting at N(0, 1) as HF PEFT's PREFIX_TUNING without projection; the
// task head classifies. Liu et al. 2021, arXiv 2110.07602.
// Trainable: 2Lld. Does not merge.

import NN
import Tensor

public final class PTuningV2: PEFTMethod {
    public static let name = "p-tuning-v2"
    public static let family = Family.prompt
    public static let paper = "2110.07602"
    public static let formula = "2Lld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * 8 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    let length: Int

    public init(_ options: Options) throws {
        length = try options.int("l", default: 8, in: 1...4_096)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        try attachPrefixes(model, method: Self.name, length: length, hidden: nil, seed: seed)
    }
}

extension PTuningV2: PEFTExportable {
    public static var peftPromptLearning: Bool { true }
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        try prefixExport(model, method: Self.name)
    }
}
