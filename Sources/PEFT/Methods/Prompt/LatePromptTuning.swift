// Late prompt tuning (LPT): l prompt tokens P (l, d) join the sequence at the input of one middle
// block k = ⌊L/2⌋ unless `at_block` says otherwise (vit: after CLS; lm, denoiser, minilm: before the sequence) instead of at the embeddings,
// so blocks 0…k−1 run as in the base model and gradients stop at block k. The backbone drops the
// prompt rows after the last block. Liu et al. 2022, arXiv 2210.11292. Trainable: l·d. No merge.

import NN
import Tensor

public final class LatePromptTuning: PEFTMethod {
    public static let name = "lpt"
    public static let family = Family.prompt
    public static let paper = "2210.11292"
    public static let formula = "ld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 8 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "The static late prompt only: the paper's instance-aware prompt generator (a small network on block k's hidden states) is not implemented",
        "k is the middle block ⌊L/2⌋ by default, as the paper's choice of a middle layer; P starts as prompt tuning's prompt",
    ]
    let length: Int
    /// k, or nil for the middle block.
    let block: Int?

    public init(_ options: Options) throws {
        length = try options.int("l", default: 8, in: 1...4_096)
        let k = try options.int("at_block", default: -1, in: -1...1_000)  // −1: the middle block
        block = k < 0 ? nil : k
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let site = try model.emptyPromptSite(for: Self.name)
        let depth = try model.requireBlocks(for: Self.name).count
        let at = block ?? depth / 2
        guard at < depth else {
            throw MethodError.invalidOption(
                method: Self.name, key: "at_block", value: "\(at)", expected: "a block index in 0…\(depth - 1)")
        }
        model.freeze()
        var rng = RNG(seed: seed)
        site.prompt = Prompt(
            PromptTuning.initialTokens(site, length: length, rng: &rng).copy(requiresGrad: true), at: at)
    }

    final class Prompt: Module, PromptProvider {
        let embedding: Tensor  // (l, d)
        let insertionBlock: Int
        init(_ embedding: Tensor, at block: Int) { (self.embedding, insertionBlock) = (embedding, block) }
        func tokens() -> Tensor { embedding }
    }
}
