// No adaptation: nothing trains, not even the task head, so the run measures the pretrained
// model on the target as it is (meaningful for the denoiser; a classifier whose head is new
// would score chance, so the runner reports `unsupported` there). Trainable: 0. Forgetting: 0.

import NN

public final class Frozen: PEFTMethod {
    public static let name = "frozen"
    public static let family = Family.baseline
    public static let paper = "—"
    public static let formula = "0 (head included)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 0 }
    public static let mergeable = false
    public static let trainsHead = false

    public init(_ options: Options) throws { try options.finish() }

    public func apply(to model: Module, seed: UInt64) throws { model.freeze() }
}
