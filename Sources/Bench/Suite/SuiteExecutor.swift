// Runs a suite's selected runs: each task is loaded and its backbone pretrained (or read from the
// cache) once per process, when its first run that is not skipped comes up. Each finished run is one CSV row,
// appended atomically under a lock, and its loss curve is written beside the CSV, so a crash or
// Ctrl-C loses at most the run in flight. Runs already recorded `ok` are skipped unless forced.
// A run that diverges, fails or is unsupported is recorded as such and the suite goes on.

import Foundation
import NN
import PEFT
import Tasks
import Tensor

public struct SuitePaths: Sendable {
    public var csv: String
    public var curves: String
    /// results/<suite>.csv and results/<suite>/curves/ (a shard writes results/<suite>.shard-i-of-n.csv).
    public init(suite: String, results: String = "results", csv: String? = nil) {
        self.csv = csv ?? "\(results)/\(suite).csv"
        curves = Self.curves(results: results, suite: suite)
    }
    /// The loss-curve folder of a suite's runs.
    public static func curves(results: String, suite: String) -> String { "\(results)/\(suite)/curves" }
    /// The curve file of a run in `curves`: its id with "/" turned into "__".
    public static func curve(_ runID: String, in curves: String) -> String {
        "\(curves)/\(runID.replacingOccurrences(of: "/", with: "__")).csv"
    }
    public func curve(_ run: SuiteRun) -> String { Self.curve(run.id, in: curves) }
}

public struct SuiteTally: Sendable {
    public var counts: [String: Int] = [:]
    public var skipped = 0
    public var summary: String {
        (["ok", "diverged", "failed", "unsupported"].map { "\(counts[$0] ?? 0) \($0)" } + ["\(skipped) skipped"])
            .joined(separator: ", ")
    }
}

public final class SuiteExecutor {
    let suite: Suite
    let paths: SuitePaths
    let cache: PretrainCache
    let force: Bool
    let progress: SuiteProgress
    /// When set, each run's trained tensors (and head) are saved here as <run id>.safetensors.
    public var adapters: String?
    var loaded: [String: (task: any FineTuneTask, record: PretrainRecord, sourceBefore: Double)] = [:]

    public init(suite: Suite, paths: SuitePaths, cache: PretrainCache, force: Bool, progress: SuiteProgress) {
        (self.suite, self.paths, self.cache, self.force, self.progress) = (suite, paths, cache, force, progress)
    }

    /// Runs `runs[i]` for each index `next()` hands out until it returns nil.
    public func run(_ runs: [SuiteRun], next: () throws -> Int?) throws -> SuiteTally {
        var tally = SuiteTally()
        let done = force ? [] : try ResultRow.recordedOK(paths.csv)
        while let i = try next(), i < runs.count {
            var spec = try suite.resolved(runs[i])
            if let adapters {
                spec.adapterPath = "\(adapters)/\(runs[i].id.replacingOccurrences(of: "/", with: "_")).safetensors"
            }
            let run = SuiteRun(task: runs[i].task, spec: spec)
            if done.contains(
                ResultRow.resumeKey(
                    suite: suite.name, task: run.task, spec: spec, evaluationLimit: suite.evaluationLimit))
            {
                tally.skipped += 1  // without loading the task's data
                continue
            }
            let task = try load(run.task)
            // The batch a row records is the batch used: one larger than the data is refused
            // before training (the trainer would quietly use the whole split instead).
            let examples = task.task.trainCount
            guard spec.training.batchSize <= examples else {
                throw BenchError.invalid(
                    "\(run.id): batch \(spec.training.batchSize) is larger than the \(examples) training examples of \(run.task); set training.batch to at most \(examples)"
                )
            }
            progress.begin(run, index: i)
            let steps = spec.training.steps
            var result = Runner.run(
                spec, task: task.task, pretrained: task.record, sourceBefore: task.sourceBefore,
                sources: try sourceProvider(target: run.task, seed: spec.seed)
            ) { [progress] step, loss in
                progress.step(step, of: steps, loss: loss)
                if step + 1 == steps { progress.evaluating() }
            }
            if result.status == .ok || result.status == .diverged { try writeCurve(run, result.losses) }
            result.losses = []
            try CSV.append(
                header: ResultRow.header,
                row: ResultRow.fields(suite: suite.name, task: task.task, spec: spec, result: result), to: paths.csv)
            tally.counts[result.status.rawValue, default: 0] += 1
            progress.finish(Self.summary(task.task, result))
        }
        return tally
    }

    /// The task with the suite's budgets, its pretrained backbone, and the forgetting probe's
    /// score before fine-tuning (measured under the same evaluation limit as after).
    func load(_ name: String) throws -> (task: any FineTuneTask, record: PretrainRecord, sourceBefore: Double) {
        if let t = loaded[name] { return t }
        let task = try suite.loadTask(name)
        progress.note("\(name): loading the pretrained \(task.backbone.rawValue) (cache \(cache.directory))")
        let record = try task.pretrained(cache: cache)
        let before = task.probeSource(try task.makeModel(pretrained: record.weights, seed: 0))
        loaded[name] = (task, record, before)
        return loaded[name]!
    }

    /// A multi-task method's source stage over `target`'s task group, each member loaded with the
    /// suite's budgets and training settings; nil when the target is in no group of two or more.
    func sourceProvider(target: String, seed: UInt64) throws -> SourceProvider? {
        let group = taskGroup(of: try taskType(named: target))
        guard group.count >= 2 else { return nil }
        return { [self] stage in
            let members = try group.map { t in
                let loaded = try load(t.name), training = suite.trainConfig(for: t)
                guard training.batchSize <= loaded.task.trainCount else {
                    throw BenchError.invalid(
                        "\(target): the source stage's batch \(training.batchSize) is larger than the \(loaded.task.trainCount) training examples of \(t.name); set training.batch (or training.\(t.name).batch) to at most \(loaded.task.trainCount)"
                    )
                }
                return SourceStageMember(task: loaded.task, pretrained: loaded.record, training: training)
            }
            progress.note("\(target): source stage \(stage.label) on \(group.map { $0.name }.joined(separator: ", "))")
            return try SourceStageTraining.states(stage, members: members, target: target, seed: seed, cache: cache)
        }
    }

    func writeCurve(_ run: SuiteRun, _ losses: [Float]) throws {
        let rows = losses.enumerated().map { ["\($0.offset)", "\($0.element)"] }
        try CSV.write(header: ["step", "loss"], rows: rows, to: paths.curve(run))
    }

    static func summary(_ task: any FineTuneTask, _ r: RunResult) -> String {
        guard r.status == .ok else { return "\(r.status.rawValue): \(r.error)" }
        return String(
            format: "%@ %.4f  trainable %d  peak %.1f MB  train %.1f s", task.metric.name as NSString, r.value,
            r.trainable, Double(r.peakTrainBytes) / 1e6, r.trainSeconds)
    }
}
