// Prompt tuning: l trainable tokens P (l, d) join the embedded input after the position
// embeddings (prompts have no position; real tokens keep theirs). lm: P starts as the embeddings
// of random printable bytes; vit and denoiser: uniform ±√(3/d). The backbone drops the prompt
// outputs after the last block. Lester et al. 2021, arXiv 2104.08691. Trainable: l·d. No merge.

import NN
import Tensor

public final class PromptTuning: PEFTMethod {
    public static let name = "prompt-tuning"
    public static let family = Family.prompt
    public static let paper = "2104.08691"
    public static let formula = "ld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 8 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "prompt tokens carry no position embedding and the text keeps positions 0…T−1 (HF PEFT feeds the prompt as the first rows of inputs_embeds and the model positions them), so a 64-byte text always fits the context; the PEFT export states the prompt length so the twin matches"
    ]
    let length: Int

    public init(_ options: Options) throws {
        length = try options.int("l", default: 8, in: 1...4_096)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let site = try model.emptyPromptSite(for: Self.name)
        model.freeze()
        var rng = RNG(seed: seed)
        site.prompt = Prompt(Self.initialTokens(site, length: length, rng: &rng).copy(requiresGrad: true))
    }

    /// l starting tokens (l, d): rows of the token embeddings (printable bytes in a byte
    /// vocabulary) for text, uniform ±√(3/d) for images.
    static func initialTokens(_ site: any PromptSite, length: Int, rng: inout RNG) -> Tensor {
        if let table = site.tokenEmbedding {
            let rows = table.shape[0] >= 127 ? 32..<127 : 0..<table.shape[0]
            return table.indexSelect(axis: 0, (0..<length).map { _ in Int.random(in: rows, using: &rng) })
        }
        let bound = (3 / Float(site.width)).squareRoot()
        return .uniform([length, site.width], -bound, bound, rng: &rng)
    }

    final class Prompt: Module, PromptProvider {
        let embedding: Tensor  // (l, d)
        init(_ embedding: Tensor) { self.embedding = embedding }
        func tokens() -> Tensor { embedding }
    }
}

extension PromptTuning: PEFTExportable {
    public static var peftPromptLearning: Bool { true }

    /// PROMPT_TUNING: `prompt_embeddings` = P (l, d).
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        guard let prompt = try model.promptSite(for: Self.name).prompt as? Prompt else {
            throw MethodError.unsupported(method: Self.name, reason: "the model has no prompt-tuning prompt")
        }
        var config = try promptLearningConfig("PROMPT_TUNING", length: length, model: model, method: Self.name)
        config["prompt_tuning_init"] = .string("RANDOM")
        return (["prompt_embeddings": prompt.embedding], config)
    }
}
