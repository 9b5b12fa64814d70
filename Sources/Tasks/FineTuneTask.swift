// The task API. A task owns its data and hands out everything a run needs: the pretrained
// backbone with a fresh target head, the training loss of a batch, the evaluation, and a
// forgetting probe on the pretraining objective. The runner, the suite and the PEFT contract
// never special-case a task; adding one is a file in Catalog/ plus a line in `allTasks`.

import Foundation
import Models
import NN
import Tensor

/// A named number and which direction is better.
public struct MetricSpec: Sendable, Equatable {
    public let name: String
    public let higherIsBetter: Bool
    public init(_ name: String, higherIsBetter: Bool) {
        self.name = name
        self.higherIsBetter = higherIsBetter
    }
}

/// An evaluation: the task's metric and any secondary numbers (in a fixed order).
public struct Evaluation: Sendable {
    public var value: Double
    public var extras: [(name: String, value: Double)]
    public init(_ value: Double, extras: [(name: String, value: Double)] = []) {
        self.value = value
        self.extras = extras
    }
}

/// A model's output on a training batch and its target: class logits (N, C) against labels, or
/// values (the denoiser's noise estimate) against the true values.
public struct Prediction {
    public enum Target { case classes([Int]), values(Tensor) }
    public let output: Tensor
    public let target: Target
    public init(_ output: Tensor, _ target: Target) {
        self.output = output
        self.target = target
    }

    /// Cross-entropy against the classes, or the mean squared error against the values.
    public var loss: Tensor {
        switch target {
        case let .classes(labels): output.crossEntropy(labels)
        case let .values(values): output.mse(values)
        }
    }

    /// The loss plus `weight` × the divergence from a second pass over the same batch, which
    /// runs only when the weight is above 0 (AdaMix's consistency; only this pass's loss counts,
    /// as in the paper's code).
    public func loss(consistency weight: Float, secondPass: () -> Prediction) -> Tensor {
        weight > 0 ? loss + divergence(from: secondPass()) * weight : loss
    }

    /// How far apart two predictions of the same batch are (AdaMix's consistency term): the
    /// symmetrized KL of the class distributions, or the mean squared difference of the values.
    public func divergence(from other: Prediction) -> Tensor {
        switch target {
        case .classes: output.symmetricKL(other.output)
        case .values: output.mse(other.output)
        }
    }
}

/// A model being fine-tuned on a task. `module` is what a PEFT method adapts and what the
/// optimizer trains; the pretraining head (if the target needs another) is kept outside it, so it
/// is neither counted nor trained, and the forgetting probe can put it back on the features.
public final class TaskModel {
    public let module: Module
    public let sourceHead: Linear?
    public init(_ module: Module, sourceHead: Linear? = nil) {
        self.module = module
        self.sourceHead = sourceHead
    }
}

public protocol FineTuneTask: AnyObject, SendableMetatype {
    /// Registry name used in suites and CSV: "digits".
    static var name: String { get }
    /// One line for `peftbench tasks` and the README.
    static var summary: String { get }
    /// Loads the task's data (throws `DataError` naming the missing file and package).
    init() throws

    /// The backbone it adapts (static, so a suite can be checked before any data loads).
    static var backbone: BackboneKind { get }
    static var metric: MetricSpec { get }
    /// What the forgetting probe measures on the pretraining objective.
    static var sourceMetric: MetricSpec { get }
    /// Parameter-name pattern of the target head that the runner trains besides a method's own
    /// tensors (HF PEFT's `modules_to_save`); nil when the task keeps the pretrained output layer.
    var headPattern: String? { get }
    /// Whether that head is freshly initialised for the target (a classifier) rather than a
    /// pretrained layer (the denoiser's output projection).
    var headIsNew: Bool { get }
    /// The task group it belongs to (tasks that share a backbone and its pretraining, for
    /// multi-task methods); nil: none.
    static var group: String? { get }
    /// The name its pretrained backbone is cached under: its own, or the group member whose
    /// backbone it shares.
    static var pretrainingName: String { get }
    /// Default fine-tuning settings, and the pretraining recipe (part of the cache key).
    static var training: TrainConfig { get }
    /// A run's typical training seconds at the default budget on one thread (the published
    /// rows' median on the development host). It only orders a suite's queue, longest first,
    /// so the last minutes of `--jobs N` do not leave cores idle.
    static var typicalRunSeconds: Double { get }
    var pretraining: TrainConfig { get set }
    /// Number of fine-tuning training examples; batches are index lists into them.
    var trainCount: Int { get }
    /// At most this many held-out examples (or samples) in the evaluation, the forgetting probe
    /// and the timed inference batch; nil uses them all. Smoke suites set it; every result row records it.
    var evaluationLimit: Int? { get set }

    /// Caps pretraining (and any reference model the task trains) at `steps`, for smoke suites.
    /// The recipe is part of the cache key, so a capped backbone never stands in for the real one.
    func limitPretraining(steps: Int)

    /// Loads anything else the evaluation needs from the cache (a reference model); called by
    /// `pretrained(cache:)`, so before any evaluation.
    func prepare(cache: PretrainCache) throws

    /// Pretrains a fresh backbone in place and returns its quality on `sourceMetric`.
    func pretrain(_ model: Module, seed: UInt64) -> Double
    /// A stable description of the data the task uses (part of the cache key).
    var dataFingerprint: String { get }
    /// A stable description of its fine-tuning training data (part of a source stage's cache key).
    var trainingFingerprint: String { get }

    /// The pretrained backbone turned into a model for the target (a fresh head if it needs one).
    func makeModel(pretrained: [String: Tensor], seed: UInt64) throws -> TaskModel
    /// The model's prediction for the training examples at `batch`, with what it should be
    /// (the fine-tuning loss is `prediction(…).loss`). `rng` draws anything random in the
    /// objective (the denoiser's timesteps and noise).
    func prediction(_ model: TaskModel, batch: [Int], rng: inout RNG) -> Prediction
    /// The task metric on a held-out split (and secondary numbers): `validation` for any
    /// selection, `test` for what is reported.
    func evaluate(_ model: TaskModel, on split: EvalSplit) -> Evaluation
    /// The fine-tuning loss on the validation split (at most its first 256 examples, fixed
    /// draws, no gradients): what searched designs (GLoRA) score their candidates by, far cheaper
    /// than `evaluate` where the metric samples (digits-ddpm).
    func validationLoss(_ model: TaskModel) -> Double
    /// The pretraining objective measured on held-out source data (for forgetting).
    func probeSource(_ model: TaskModel) -> Double
    /// One inference forward pass over a fixed batch of 64 held-out examples, or fewer under
    /// `evaluationLimit` (the runner times it).
    func infer(_ model: TaskModel)
}

extension FineTuneTask {
    public var name: String { Self.name }
    public var backbone: BackboneKind { Self.backbone }
    public var training: TrainConfig { Self.training }
    public var metric: MetricSpec { Self.metric }
    public var sourceMetric: MetricSpec { Self.sourceMetric }
    public func prepare(cache: PretrainCache) throws {}
    public static var group: String? { nil }
    public var trainingFingerprint: String { "\(Self.name) \(trainCount)" }
    public static var pretrainingName: String { name }
    public func limitPretraining(steps: Int) { pretraining = pretraining.capped(steps: steps) }

    /// Fine-tuning loss of the training examples at `batch`.
    public func loss(_ model: TaskModel, batch: [Int], rng: inout RNG) -> Tensor {
        prediction(model, batch: batch, rng: &rng).loss
    }

    /// The loss with a consistency term between two passes over the same batch and the same
    /// random draws, for methods whose forward pass is stochastic (`Prediction.loss(consistency:)`).
    public func loss(_ model: TaskModel, batch: [Int], rng: inout RNG, consistency weight: Float) -> Tensor {
        var twin = rng
        return prediction(model, batch: batch, rng: &rng).loss(consistency: weight) {
            prediction(model, batch: batch, rng: &twin)
        }
    }

    /// The validation examples `validationLoss` reads: the first 256 (fewer under `evaluationLimit`).
    public func validationIndices(_ count: Int) -> [Int] { Array(0..<evaluated(Swift.min(count, 256))) }

    /// How many of `count` held-out examples the evaluation uses under `evaluationLimit`.
    public func evaluated(_ count: Int) -> Int { Swift.min(count, evaluationLimit ?? count) }

    /// Forgetting: how much worse the source objective got (positive = forgot).
    public func forgetting(before: Double, after: Double) -> Double {
        sourceMetric.higherIsBetter ? before - after : after - before
    }

    /// The pretrained backbone, from the cache or pretrained now (and cached).
    public func pretrained(cache: PretrainCache, seed: UInt64 = 0) throws -> PretrainRecord {
        try prepare(cache: cache)
        let recipe = "\(Self.pretrainingName) \(backbone.rawValue) \(pretraining) data[\(dataFingerprint)]"
        return try cache.model(Self.pretrainingName, recipe: recipe, seed: seed, metric: sourceMetric) {
            let model = backbone.make(seed: seed)
            let quality = pretrain(model, seed: seed)
            return (model, quality)
        }
    }
}

public enum TaskError: Error, CustomStringConvertible, Equatable {
    case unknownTask(String, valid: [String])
    case wrongModel(task: String, expected: String)
    public var description: String {
        switch self {
        case let .unknownTask(name, valid): "unknown task '\(name)'; valid: \(valid.joined(separator: ", "))"
        case let .wrongModel(task, expected): "task \(task) needs a \(expected) backbone"
        }
    }
}

/// Every task, in table order.
public let allTasks: [any FineTuneTask.Type] = [
    DigitsTask.self, Nouns8Task.self, Nouns26Task.self, DigitsDDPMTask.self,
    DigitsParityTask.self, DigitsHighTask.self, DigitsMirrorTask.self,
]

/// The tasks of `task`'s group in registry order (the task itself among them); empty when it
/// belongs to none.
public func taskGroup(of task: any FineTuneTask.Type) -> [any FineTuneTask.Type] {
    guard let g = task.group else { return [] }
    return allTasks.filter { $0.group == g }
}

/// The names of the task groups, in registry order.
public var taskGroups: [String] { allTasks.compactMap { $0.group }.uniquedNames() }

extension Array where Element == String {
    func uniquedNames() -> [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}

/// The task type registered under `name`; an unknown name lists the valid ones.
public func taskType(named name: String) throws(TaskError) -> any FineTuneTask.Type {
    guard let t = allTasks.first(where: { $0.name == name }) else {
        throw .unknownTask(name, valid: allTasks.map { $0.name })
    }
    return t
}
