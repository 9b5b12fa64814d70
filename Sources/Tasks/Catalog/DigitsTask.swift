// `digits`: pretrain `vit` on Fashion-MNIST reduced to 8x8 (60,000 images), fine-tune it on UCI
// optdigits with fixed stratified splits: 360 test (as before), then 15% of the rest for
// validation: 1221/216/360. Metric: top-1 accuracy on the split asked for.
// Forgetting: Fashion test accuracy (10,000 images) of the pretraining head on the adapted
// features, before minus after. It heads the `optdigits` task group (DigitsGroup.swift), whose
// other tasks relabel or transform the same images and share its pretrained backbone.

import Models
import NN
import Tensor

public class DigitsTask: FineTuneTask {
    public class var name: String { "digits" }
    public class var summary: String { "vit: Fashion-MNIST 8x8 → UCI optdigits (1221/216/360), top-1 accuracy" }
    public class var group: String? { "optdigits" }
    public class var pretrainingName: String { "digits" }

    public static let backbone = BackboneKind.vit
    public static let metric = MetricSpec("accuracy", higherIsBetter: true)
    public static let sourceMetric = MetricSpec("fashion_accuracy", higherIsBetter: true)
    public let headPattern: String? = "head.*"
    public let headIsNew = true
    public class var training: TrainConfig {
        TrainConfig(steps: 300, batchSize: 64, lr: 2e-3, warmup: 30, weightDecay: 0.01)
    }
    public class var typicalRunSeconds: Double { 18 }
    /// The group's variations: a digit's class, the classes, the training examples kept per digit
    /// (nil: all), and whether images are mirrored left to right.
    class func label(_ digit: Int) -> Int { digit }
    class var classCount: Int { 10 }
    class var trainPerDigit: Int? { nil }
    class var mirrored: Bool { false }
    public var pretraining = TrainConfig(steps: 1500, batchSize: 128, lr: 2e-3, warmup: 100, weightDecay: 0.05)
    public var evaluationLimit: Int?

    let fashionTrain: ImageSet, fashionTest: ImageSet
    public let train: ImageSet, validation: ImageSet, test: ImageSet

    public required init() throws {
        fashionTrain = try FashionMNIST.load(train: true)
        fashionTest = try FashionMNIST.load(train: false)
        var digits = try Optdigits.load()
        // One split for the whole group (stratified by digit), so no task's test image is in any
        // task's training data.
        let split = Split.threeWay(labels: digits.labels, validationFraction: 0.15, testFraction: 0.2, seed: 0)
        var trainIndices = split.train
        if let k = Self.trainPerDigit {  // the first k of each digit in the split's order
            var taken = [Int](repeating: 0, count: 10)
            trainIndices = trainIndices.filter { i in
                defer { taken[digits.labels[i]] += 1 }
                return taken[digits.labels[i]] < k
            }
        }
        if Self.mirrored { digits = digits.mirrored() }
        digits.labels = digits.labels.map(Self.label)
        train = digits.subset(trainIndices)
        validation = digits.subset(split.validation)
        test = digits.subset(split.test)
    }

    public var trainCount: Int { train.count }
    public var dataFingerprint: String { "fashion \(fashionTrain.count)/\(fashionTest.count)" }
    /// A hash of the training images and their labels (the group's members differ in both).
    public var trainingFingerprint: String {
        let text =
            train.pixels.map { String(Int($0)) }.joined(separator: ",") + "|"
            + train.labels.map(String.init).joined(separator: ",")
        return "\(Self.name) \(train.count) \(String(fnv1a(text), radix: 16))"
    }

    public func pretrain(_ model: Module, seed: UInt64) -> Double {
        let vit = model as! ViT
        _ = Trainer.train(vit, count: fashionTrain.count, config: pretraining, seed: seed) { batch, _ in
            vit(fashionTrain.tensor(batch)).crossEntropy(batch.map { fashionTrain.labels[$0] })
        }
        return Evaluate.accuracy(fashionTest.count, labels: fashionTest.labels) { vit(fashionTest.tensor($0)) }
    }

    public func makeModel(pretrained: [String: Tensor], seed: UInt64) throws -> TaskModel {
        let vit = ViT(seed: seed)
        try vit.load(pretrained, source: "pretrained \(Self.name)")
        let source = vit.head
        var rng = RNG(seed: seed ^ 0x4EAD)
        vit.head = Linear(vit.config.dim, Self.classCount, rng: &rng)
        return TaskModel(vit, sourceHead: source)
    }

    public func prediction(_ model: TaskModel, batch: [Int], rng: inout RNG) -> Prediction {
        Prediction((model.module as! ViT)(train.tensor(batch)), .classes(batch.map { train.labels[$0] }))
    }

    public func evaluate(_ model: TaskModel, on split: EvalSplit) -> Evaluation {
        let vit = model.module as! ViT, set = split == .test ? test : validation
        return Evaluation(Evaluate.accuracy(evaluated(set.count), labels: set.labels) { vit(set.tensor($0)) })
    }

    public func validationLoss(_ model: TaskModel) -> Double {
        let idx = validationIndices(validation.count), vit = model.module as! ViT
        return withoutGrad {
            Double(Prediction(vit(validation.tensor(idx)), .classes(idx.map { validation.labels[$0] })).loss.item)
        }
    }

    public func probeSource(_ model: TaskModel) -> Double {
        let vit = model.module as! ViT, head = model.sourceHead!
        return Evaluate.accuracy(evaluated(fashionTest.count), labels: fashionTest.labels) {
            head(vit.features(fashionTest.tensor($0)))
        }
    }

    public func infer(_ model: TaskModel) {
        let vit = model.module as! ViT
        _ = withoutGrad { vit(test.tensor(Array(0..<evaluated(64)))) }
    }
}
