// `nouns8`: pretrain the byte-level `lm` on WordNet 3.0 glosses (all parts of speech) with the
// 3,200 evaluation synsets removed, then classify a noun's definition (never its lemma, at most
// 63 bytes, then a newline) into one of 8 supersenses from the last real token's features; 400 definitions per
// class, fixed seed, stratified splits: 640 test (as before), then 15% of the rest for validation:
// 2176/384/640. Metric: accuracy on the split asked for.
// Forgetting: the LM's bits per byte on held-out glosses (every 50th), after minus before.

import Foundation
import Models
import NN
import Tensor

public final class Nouns8Task: FineTuneTask {
    public static let name = "nouns8"
    public static let summary = "lm: WordNet glosses → 8 noun supersenses from the definition (2176/384/640), accuracy"

    public static let backbone = BackboneKind.lm
    public static let metric = MetricSpec("accuracy", higherIsBetter: true)
    public static let sourceMetric = MetricSpec("bits_per_byte", higherIsBetter: false)
    public let headPattern: String? = "head.*"
    public let headIsNew = true
    public static let training = TrainConfig(steps: 150, batchSize: 32, lr: 2e-3, warmup: 15, weightDecay: 0.01)
    public static let typicalRunSeconds: Double = 52
    public var pretraining = TrainConfig(steps: 600, batchSize: 32, lr: 2e-3, warmup: 50, weightDecay: 0.05)
    public var evaluationLimit: Int?

    let corpus: [UInt8], heldOut: [UInt8]  // newline-joined glosses
    public let train: [LabelledText], validation: [LabelledText], test: [LabelledText]
    /// Glosses in the pretraining corpus, training and held-out parts together.
    public let corpusGlossCount: Int
    let context = LMConfig().context

    public init() throws {
        let examples = try Nouns8.load()
        let split = Split.threeWay(labels: examples.map(\.label), validationFraction: 0.15, testFraction: 0.2, seed: 0)
        train = split.train.map { examples[$0] }
        validation = split.validation.map { examples[$0] }
        test = split.test.map { examples[$0] }
        let evaluation = Set(examples.map(\.synset))
        var glosses: [String] = []
        for pos in ["noun", "verb", "adj", "adv"] {
            glosses += try WordNet.synsets(pos).filter { pos != "noun" || !evaluation.contains($0.offset) }.map(\.gloss)
        }
        corpusGlossCount = glosses.count
        var kept: [UInt8] = [], held: [UInt8] = []
        for (i, g) in glosses.enumerated() {
            if i % 50 == 0 { held += g.utf8 + [10] } else { kept += g.utf8 + [10] }
        }
        corpus = kept
        heldOut = held
    }

    public var trainCount: Int { train.count }
    public var dataFingerprint: String { "wordnet \(corpus.count)+\(heldOut.count) bytes" }

    /// Pretraining examples are windows of context + 1 bytes at seeded random offsets.
    public func pretrain(_ model: Module, seed: UInt64) -> Double {
        let lm = model as! LM, t = context
        let windows = corpus.count - t - 1
        _ = Trainer.train(lm, count: windows, config: pretraining, seed: seed) { batch, _ in
            let ids = batch.flatMap { corpus[$0..<($0 + t)].map(Int.init) }
            let next = batch.flatMap { corpus[($0 + 1)..<($0 + t + 1)].map(Int.init) }
            return lm(ids, batch: batch.count, length: t).reshaped([batch.count * t, lm.config.vocab]).crossEntropy(
                next)
        }
        return bitsPerByte(lm, head: lm.head, limited: false)  // the cached quality uses every window
    }

    public func makeModel(pretrained: [String: Tensor], seed: UInt64) throws -> TaskModel {
        let lm = LM(seed: seed)
        try lm.load(pretrained, source: "pretrained \(Self.name)")
        let source = lm.head
        var rng = RNG(seed: seed ^ 0x4EAD)
        lm.head = Linear(lm.config.dim, Nouns8.classes.count, rng: &rng)
        return TaskModel(lm, sourceHead: source)
    }

    /// Each definition ends with a newline, as every gloss does in the pretraining text, so the
    /// classifier always reads the features of the same end-of-gloss byte.
    func encode(_ examples: [LabelledText]) -> (ids: [Int], length: Int, lengths: [Int]) {
        ByteText.batch(examples.map { ByteText.encode($0.text, limit: context - 1) + [10] })
    }

    func logits(_ lm: LM, _ examples: [LabelledText]) -> Tensor {
        let (ids, t, lengths) = encode(examples)
        return lm.head(lm.lastTokenFeatures(ids, batch: examples.count, length: t, lengths: lengths))
    }

    public func prediction(_ model: TaskModel, batch: [Int], rng: inout RNG) -> Prediction {
        Prediction(logits(model.module as! LM, batch.map { train[$0] }), .classes(batch.map { train[$0].label }))
    }

    public func evaluate(_ model: TaskModel, on split: EvalSplit) -> Evaluation {
        let lm = model.module as! LM, set = split == .test ? test : validation
        return Evaluation(
            Evaluate.accuracy(evaluated(set.count), labels: set.map(\.label)) { logits(lm, $0.map { set[$0] }) })
    }

    public func validationLoss(_ model: TaskModel) -> Double {
        let set = validationIndices(validation.count).map { validation[$0] }
        return withoutGrad {
            Double(Prediction(logits(model.module as! LM, set), .classes(set.map(\.label))).loss.item)
        }
    }

    public func probeSource(_ model: TaskModel) -> Double { bitsPerByte(model.module as! LM, head: model.sourceHead!) }

    /// Mean next-byte cross-entropy in bits over the first 256 non-overlapping held-out windows
    /// (fewer under `evaluationLimit` when `limited`).
    func bitsPerByte(_ lm: LM, head: Linear, limited: Bool = true) -> Double {
        let all = Swift.min(256, (heldOut.count - 1) / context)
        let t = context, windows = limited ? evaluated(all) : all
        var nats = 0.0
        Evaluate.chunks(windows, size: 32) { idx in
            let ids = idx.flatMap { heldOut[($0 * t)..<($0 * t + t)].map(Int.init) }
            let next = idx.flatMap { heldOut[($0 * t + 1)..<($0 * t + t + 1)].map(Int.init) }
            let logits = head(lm.features(ids, batch: idx.count, length: t)).reshaped([idx.count * t, lm.config.vocab])
            nats += Double(logits.crossEntropy(next).item) * Double(idx.count)
        }
        return nats / Double(windows) / log(2)
    }

    public func infer(_ model: TaskModel) {
        let lm = model.module as! LM
        _ = withoutGrad { logits(lm, Array(test.prefix(evaluated(64)))) }
    }
}
