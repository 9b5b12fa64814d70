// P-tuning: l virtual tokens produced by a trainable prompt encoder rather than trained directly:
// P = MLP(E), E (l, d) drawn from N(0, 1), MLP = Linear(d, h)–ReLU–Linear(h, h)–ReLU–Linear(h, d)
// with h = d (HF PEFT's MLP encoder; the paper uses a BiLSTM + MLP, HF PEFT recommends the MLP).
// P joins the input where prompt tuning's tokens do. The encoder only reparameterises training:
// the stored adapter is P (l, d) alone, as HF PEFT saves it (prompt_embeddings, inference mode).
// Liu et al. 2021, arXiv 2103.10385. Trainable: ld + (dh + h) + (h² + h) + (hd + d)
// = ld + 3d² + 3d with h = d; stored: ld.

import NN
import Tensor

public final class PTuning: PEFTMethod {
    public static let name = "p-tuning"
    public static let family = Family.prompt
    public static let paper = "2103.10385"
    public static let formula = "ld + 3d² + 3d (h = d) training; stored ld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 8 * s.d + 3 * s.d * s.d + 3 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "The MLP encoder (HF PEFT's recommendation), not the paper's BiLSTM; prompts placed and positioned as prompt-tuning's (see its departure)"
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
        site.prompt = Encoder(length: length, width: site.width, rng: &rng)
    }

    /// Only the encoder's output P (l, d).
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        guard let encoder = (try? model.promptSite(for: Self.name))?.prompt as? Encoder else { return nil }
        return ["prompt_embeddings": withoutGrad { encoder.tokens() }]
    }

    final class Encoder: Module, PromptProvider {
        let embedding: Tensor  // E (l, d)
        let first: Linear, second: Linear, third: Linear
        init(length: Int, width d: Int, rng: inout RNG) {
            embedding = .randn([length, d], rng: &rng, requiresGrad: true)
            (first, second, third) = (Linear(d, d, rng: &rng), Linear(d, d, rng: &rng), Linear(d, d, rng: &rng))
        }
        func tokens() -> Tensor { third(second(first(embedding).relu()).relu()) }
    }
}

extension PTuning: PEFTExportable {
    public static var peftPromptLearning: Bool { true }

    /// P_TUNING in inference mode: `prompt_embeddings` = P (l, d), the encoder left out.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        guard let p = storedTensors(model)?["prompt_embeddings"] else {
            throw MethodError.unsupported(method: Self.name, reason: "the model has no p-tuning prompt")
        }
        var config = try promptLearningConfig("P_TUNING", length: length, model: model, method: Self.name)
        (config["encoder_reparameterization_type"], config["encoder_hidden_size"]) = (
            .string("MLP"), .int(model.blockWidth)
        )
        return (["prompt_embeddings": p], config)
    }
}
