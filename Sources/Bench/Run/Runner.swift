// One run: a task, a method with options, a seed and training settings → one result row.
// The runner never special-cases a task or a method: the task hands out the model, the loss, the
// evaluation and the forgetting probe; the method attaches itself and brings its own hooks.
// Measured: trainable/head/total/changed parameters, adapter bytes, peak live tensor bytes over
// the whole training (weights, gradients, optimizer state, activations), peak RSS, training time
// (no evaluation inside), median step, inference time unmerged and merged, the task metric,
// forgetting on the pretraining objective.

import Foundation
import NN
import PEFT
import Tasks
import Tensor

public struct RunSpec: Sendable {
    public var method: String
    public var options: [String: String]
    public var seed: UInt64
    public var training: TrainConfig
    /// The split the metric is measured on: test for reported runs, validation for selection.
    public var split = EvalSplit.test
    /// The effective peak learning rate when it is chosen for this run (a tuned rate or a grid
    /// point), and where it came from; nil: the task's rate × the method's `lrScale`.
    public var lr: Float?
    public var lrSource = "default"
    /// An extra component of the run's id ("lr=0.0316" for a learning-rate grid point).
    public var variant: String?
    /// When set, the trained tensors (and head) are saved here as safetensors before merging.
    public var adapterPath: String?
    public init(method: String, options: [String: String] = [:], seed: UInt64 = 0, training: TrainConfig) {
        self.method = method
        self.options = options
        self.seed = seed
        self.training = training
    }
    public var optionsText: String { options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: " ") }
    /// The method with its options, e.g. "lora r=4" (just "lora" with the defaults), as in rows.
    public var label: String { optionsText.isEmpty ? method : "\(method) \(optionsText)" }
}

public enum RunStatus: String, Sendable { case ok, diverged, failed, unsupported }

public struct RunResult: Sendable {
    public var status = RunStatus.ok
    public var error = ""
    public var family = ""
    public var trainable = 0, head = 0, total = 0, changed = 0, adapterBytes = 0
    public var peakTrainBytes = 0, peakRSS = 0
    public var trainSeconds = 0.0, stepMs = 0.0
    public var inferMs = 0.0, inferMergedMs: Double?
    public var value = Double.nan
    public var extras: [(name: String, value: Double)] = []
    public var forgetting = Double.nan
    public var losses: [Float] = []
    public var lr: Float = .nan  // the effective peak learning rate (task's × method's scale)
}

public enum Runner {
    /// A model for `spec` with the method applied and prepared, the head unfrozen, ready to train.
    public struct Prepared {
        public let model: TaskModel
        public let method: any PEFTMethod
        public let training: TrainConfig  // the effective settings (the method's learning-rate scale applied)
        public let base: [String: [Float]]  // the pretrained values by name, before the method attached
        public let isHead: (String) -> Bool
        /// A multi-task method's source stage: the seconds its training took (0: none).
        public let sourceSeconds: Double
    }

    /// `sources` trains a multi-task method's source stage on the target's group (nil: the task
    /// is in no group, and such a method is unsupported on it).
    public static func prepare(
        _ spec: RunSpec, task: any FineTuneTask, pretrained: PretrainRecord, sources: SourceProvider? = nil
    ) throws -> Prepared {
        let method = try makeMethod(spec.method, options: spec.options)
        var sourceSeconds = 0.0
        if let stage = method.sourceStage {
            guard let sources else {
                throw MethodError.unsupported(
                    method: spec.method, reason: "\(task.name) is in no task group, and it learns from a group's tasks")
            }
            let states = try sources(stage)
            try method.use(sources: states)
            sourceSeconds = states.reduce(0) { $0 + $1.seconds }
        }
        var training = spec.training
        training.lr = spec.lr ?? training.lr * type(of: method).lrScale
        let model = try task.makeModel(pretrained: pretrained.weights, seed: spec.seed)
        let module = model.module
        let base = Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.name, $0.tensor.values) })
        try method.apply(to: module, seed: spec.seed)
        try method.prepare(module, exampleCount: task.trainCount) { i in
            var rng = RNG(seed: spec.seed ^ UInt64(i))
            return task.loss(model, batch: [i], rng: &rng)
        }
        if !type(of: method).trainsHead && task.headIsNew {
            throw MethodError.unsupported(
                method: spec.method, reason: "\(task.name)'s head is new, so an untrained model scores chance")
        }
        if let head = task.headPattern, type(of: method).trainsHead { module.unfreeze(head) }
        let isHead = { (name: String) in task.headPattern.map { glob($0, name) } ?? false }
        if module.trainableParameters().isEmpty { training.steps = 0 }  // nothing to train (frozen)
        return Prepared(
            model: model, method: method, training: training, base: base, isHead: isHead, sourceSeconds: sourceSeconds)
    }

    /// Trains a prepared model with the method's hooks; returns the log and the peak tensor bytes.
    public static func train(
        _ p: Prepared, task: any FineTuneTask, seed: UInt64,
        progress: ((_ step: Int, _ loss: Float) -> Void)? = nil
    ) -> (TrainLog, Int) {
        let (module, method, training) = (p.model.module, p.method, p.training)
        return MemoryMeter.measure {
            Trainer.train(
                module, count: task.trainCount, config: training, seed: seed,
                groups: method.parameterGroups(module, weightDecay: training.weightDecay),
                regularizer: method.regularizer,
                afterBackward: { method.afterBackward($0, total: training.steps) },
                afterStep: { method.afterStep($0, total: training.steps) },
                restarts: { method.restartedTensors(after: $0, total: training.steps) },
                progress: progress
            ) { batch, rng in
                task.loss(p.model, batch: batch, rng: &rng, consistency: method.consistency)
            }
        }
    }

    /// Runs `spec` on `task` from its pretrained weights; `sourceBefore` is the pretrained model's
    /// score on the forgetting probe. Errors become a `failed` or `unsupported` result.
    public static func run(
        _ spec: RunSpec, task: any FineTuneTask, pretrained: PretrainRecord, sourceBefore: Double,
        sources: SourceProvider? = nil,
        progress: ((_ step: Int, _ loss: Float) -> Void)? = nil
    ) -> RunResult {
        var r = RunResult()
        do {
            r.family = try methodType(named: spec.method).family.rawValue
            // The rate is known before `prepare`, which may throw `unsupported`: every row records
            // it, so resume recognises an unsupported run too.
            let lrScale = try methodType(named: spec.method).lrScale
            r.lr = spec.lr ?? spec.training.lr * lrScale
            let p = try prepare(spec, task: task, pretrained: pretrained, sources: sources)
            let (model, module, method, base, isHead) = (p.model, p.model.module, p.method, p.base, p.isHead)
            r.lr = p.training.lr
            r.trainable = method.trainableCount(module, excluding: isHead)
            r.head = module.namedParameters().filter { isHead($0.name) }.reduce(0) { $0 + $1.tensor.count }
            let (log, peak) = train(p, task: task, seed: spec.seed, progress: progress)
            (r.peakTrainBytes, r.losses, r.trainSeconds, r.stepMs) = (peak, log.losses, log.seconds, log.medianStepMs)
            if log.diverged {
                r.status = .diverged
                r.error = "loss became \(log.losses.last ?? .nan) at step \(log.losses.count - 1)"
                return finish(r)
            }
            // A searched design chooses its configuration now; its cost joins the row.
            let searchStart = DispatchTime.now().uptimeNanoseconds
            let evaluations = try method.search(module) { task.validationLoss(model) }
            let searchSeconds = Double(DispatchTime.now().uptimeNanoseconds - searchStart) / 1e9
            // So is a multi-task method's source stage (trained now or cached: its training time).
            let searchCost =
                (evaluations > 0
                    ? [("search_evaluations", Double(evaluations)), ("search_seconds", searchSeconds)] : [])
                + (method.sourceStage != nil ? [("source_seconds", p.sourceSeconds)] : [])
            // What a task must store: the method's stored form (or its trained tensors and the
            // frozen ones it rewrote) plus the head.
            let rewritten = Set(method.rewrittenTensors(module))
            let trained = Dictionary(
                uniqueKeysWithValues: module.namedParameters().filter {
                    $0.tensor.requiresGrad || rewritten.contains($0.name)
                }.map { ($0.name, $0.tensor.detached()) })
            let stored = method.storedTensors(module) ?? trained.filter { !isHead($0.key) }
            let heads = module.namedParameters().filter { isHead($0.name) }.map { ($0.name, $0.tensor.detached()) }
            let adapter = stored.merging(heads) { a, _ in a }
            r.adapterBytes = Safetensors.encode(adapter).count
            if let path = spec.adapterPath {
                try Safetensors.save(
                    adapter,
                    metadata: [
                        "method": spec.method, "options": spec.optionsText,
                        "task": task.name, "seed": "\(spec.seed)",
                    ], to: path)
            }
            r.inferMs = fastestMs { task.infer(model) }
            let evaluation = task.evaluate(model, on: spec.split)
            (r.value, r.extras) = (evaluation.value, evaluation.extras + method.extras(module) + searchCost)
            for variant in method.variants(module) {  // e.g. DyLoRA at every smaller rank
                method.select(variant: variant, in: module)
                r.extras.append(
                    ("\(type(of: task).metric.name)@\(variant)", task.evaluate(model, on: spec.split).value))
            }
            method.select(variant: nil, in: module)
            r.forgetting = task.forgetting(before: sourceBefore, after: task.probeSource(model))
            if type(of: method).mergeable {
                try method.merge(module)
                r.inferMergedMs = fastestMs { task.infer(model) }
            }
            r.total = module.parameterCount
            // Changed: entries that differ from the pretrained model (merged where mergeable), plus
            // added tensors that stay in the deployed model, counted in their stored form.
            let baseChanged = module.namedParameters().filter { !isHead($0.name) && base[$0.name] != nil }.reduce(0) {
                sum, p in
                sum + zip(base[p.name]!, p.tensor.values).filter { $0 != $1 }.count
            }
            let addedStay = module.namedParameters().contains { base[$0.name] == nil && !isHead($0.name) }
            r.changed =
                baseChanged
                + (addedStay
                    ? stored.filter { base[$0.key] == nil && !$0.key.hasPrefix("delta.") }.values.reduce(0) {
                        $0 + $1.count
                    } : 0)
        } catch let e as MethodError {
            if case .unsupported = e { r.status = .unsupported } else { r.status = .failed }
            r.error = "\(e)"
        } catch {
            r.status = .failed
            r.error = "\(error)"
        }
        return finish(r)
    }

    static func finish(_ r: RunResult) -> RunResult {
        var r = r
        r.peakRSS = processPeakRSS()
        return r
    }

    /// The fastest wall time of `body` over 7 runs after one warm-up, in ms. Interference (the
    /// other workers of a parallel suite, the OS) only ever adds time, so the fastest repeat is
    /// the closest to the undisturbed cost; a median of a few repeats was off by up to 1.7×.
    static func fastestMs(_ body: () -> Void) -> Double {
        body()
        return (0..<7).map { _ in
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        }.min()!
    }
}
