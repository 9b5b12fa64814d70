// Attention-only fine-tuning: only the attention projections q, k, v, o (weights and biases) of
// every block train; the MLPs, norms and input tables stay frozen. The paper (cross-attention
// tuning, "Xattn") fine-tunes an encoder-decoder translation model's cross-attention; our
// backbones have self-attention only, so this is the same idea on the attention they have.
// Gheini, Ren & May 2021, arXiv 2104.08771. Trainable: 4(d² + d) per block.
// Edited in place: plain weights.

import NN

public final class AttnOnly: PEFTMethod {
    public static let name = "attn-only"
    public static let family = Family.selective
    public static let paper = "2104.08771"
    public static let formula = "4(d² + d)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 4 * (s.d * s.d + s.d) * s.L }
    public static let lrScale: Float = 1
    public static let mergeable = true
    public static let departures = [
        "Self-attention instead of the paper's cross-attention (no backbone here has an encoder-decoder); the paper's embeddings of a new language do not apply"
    ]

    public init(_ options: Options) throws { try options.finish() }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        model.freeze()
        for a in blocks.map(\.attn) {
            for linear in [a.q, a.k, a.v, a.o] {
                linear.weight.requiresGrad = true
                linear.bias?.requiresGrad = true
            }
        }
    }

    public func merge(_ model: Module) throws {}
}
