// Full fine-tuning: every backbone tensor trains (embeddings, positions, all blocks, the final norm).
// Trainable: N. The result is new weights, so there is nothing to merge.

import NN

public final class Full: PEFTMethod {
    public static let name = "full"
    public static let family = Family.baseline
    public static let paper = "—"
    public static let formula = "N"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.params }
    public static let lrScale: Float = 1
    public static let mergeable = false

    public init(_ options: Options) throws { try options.finish() }

    public func apply(to model: Module, seed: UInt64) throws { model.unfreeze() }
}
