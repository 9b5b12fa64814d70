// VPT-Deep: prompt tokens at the input of every block. Block 0 reads the prompt P_0 (l, d) where
// prompt tuning puts it (vit: between CLS and the patches; lm, denoiser, minilm: before the
// sequence); at block i > 0 the rows the prompt occupies are replaced by a fresh P_i, so the
// previous block's prompt outputs are discarded. The prompt rows are dropped after the last block.
// Jia et al. 2022, arXiv 2203.12119. Trainable: L·l·d. No merge.

import NN
import Tensor

public final class VPTDeep: PEFTMethod {
    public static let name = "vpt-deep"
    public static let family = Family.prompt
    public static let paper = "2203.12119"
    public static let formula = "Lld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * 8 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "Each P_i starts as prompt tuning's prompt does (uniform ±√(3/d) on images, token-embedding rows on text), not VPT's Xavier bound over the RGB patch fan-in",
        "On lm, denoiser and minilm the idea carries over as deep prompts in the token sequence (prompts without positions, as prompt tuning)",
    ]
    let length: Int

    public init(_ options: Options) throws {
        length = try options.int("p", default: 8, in: 1...4_096)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let site = try model.emptyPromptSite(for: Self.name)
        let depth = try model.requireBlocks(for: Self.name).count
        model.freeze()
        var rng = RNG(seed: seed)
        let layers = (0..<depth).map { _ in PromptTuning.initialTokens(site, length: length, rng: &rng) }
        site.prompt = Prompts(
            Tensor.concat(layers.map { $0.reshaped([1] + $0.shape) }, axis: 0).copy(requiresGrad: true))
    }

    final class Prompts: Module, PromptProvider {
        let embedding: Tensor  // (L, l, d): block i's prompt is row i
        init(_ embedding: Tensor) { self.embedding = embedding }
        func tokens() -> Tensor { tokens(atBlock: 0)! }
        func tokens(atBlock i: Int) -> Tensor? {
            embedding.slice(axis: 0, i..<(i + 1)).reshaped(Array(embedding.shape.dropFirst()))
        }
    }
}
