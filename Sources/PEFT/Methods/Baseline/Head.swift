// Linear probe: the backbone stays frozen and only the task head trains (the runner unfreezes the
// head for every method). Frozen features + a linear classifier, as in DeCAF, arXiv 1310.1531.
// Trainable: 0 (+ head).

import NN

public final class Head: PEFTMethod {
    public static let name = "head"
    public static let family = Family.baseline
    public static let paper = "1310.1531"
    public static let formula = "0"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 0 }
    public static let mergeable = false

    public init(_ options: Options) throws { try options.finish() }

    public func apply(to model: Module, seed: UInt64) throws { model.freeze() }
}
