// LN-tuning: only the LayerNorm gains γ and biases β train (ln1, ln2 in every block, and ln_f).
// Qi et al. 2022, arXiv 2211.08682. Trainable: 4d per block + 2d. Edited in place: plain weights.

import NN

public final class LNTuning: PEFTMethod {
    public static let name = "ln-tuning"
    public static let family = Family.selective
    public static let paper = "2211.08682"
    public static let formula = "4dL + 2d"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 4 * s.d * s.L + 2 * s.d }
    public static let mergeable = true

    public init(_ options: Options) throws { try options.finish() }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        for case let norm as LayerNorm in model.namedModules().map(\.module) {
            norm.weight.requiresGrad = true
            norm.bias.requiresGrad = true
        }
    }

    public func merge(_ model: Module) throws {}
}
