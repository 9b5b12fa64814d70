// A suite: a grid of tasks × methods × method options × seeds, with training settings. It is
// read from a TOML file (SuiteFile.swift), checked completely before anything runs, and expanded
// into runs in a fixed order (task, method, options, seed), so `--shard i/n` slices the same
// list on every machine.

import Foundation
import Models
import NN
import PEFT
import Tasks

/// Training settings a suite overrides (nil keeps the task's default).
public struct TrainingOverride: Sendable, Equatable {
    public var steps: Int?, batch: Int?, lr: Float?, warmup: Int?
    public init() {}

    /// `base` with these settings applied over it, and `more` applied over those.
    func applied(to base: TrainConfig, then more: TrainingOverride?) -> TrainConfig {
        var c = base
        for o in [self, more ?? TrainingOverride()] {
            if let s = o.steps { c.steps = s; c.warmup = Swift.min(c.warmup, s / 10) }
            if let b = o.batch { c.batchSize = b }
            if let l = o.lr { c.lr = l }
            if let w = o.warmup { c.warmup = w }
        }
        return c
    }
}

public struct Suite: Sendable {
    public var name: String
    public var description = ""
    public var tasks: [String] = []
    public var methods: [String] = []
    public var seeds: [UInt64] = [0]
    /// Per method, per option key, the values to sweep (one value: fixed; several: an axis).
    public var options: [String: [(key: String, values: [String])]] = [:]
    /// Training settings for every task, and per task on top.
    public var training = TrainingOverride()
    public var trainingPerTask: [String: TrainingOverride] = [:]
    /// Smoke budgets: capped pretraining steps and held-out examples per evaluation.
    public var pretrainingSteps: Int?
    public var evaluationLimit: Int?
    /// A learning-rate search (`[tune]`): every run at each rate of the grid, on validation.
    public var tune: TuneGrid?
    /// Tuned rates that runs without a suite-set rate use (`peftbench run --lr-file`).
    public var rates: LearningRates?
    /// `require_tuned = true`: with a rates file, a run whose task and method were never searched
    /// (no rate and not found unsupported; the suite sets no rate) is left out, so no default-rate row joins results
    /// that are otherwise all tuned. `untuned` names what was left out.
    public var requireTuned = false

    public init(name: String) { self.name = name }

    /// The split every run of this suite is scored on: validation for a search, else test.
    public var split: EvalSplit { tune == nil ? .test : .validation }

    /// Whether the suite sets the learning rate itself (for every task or for `task`).
    func setsLR(_ task: String) -> Bool { training.lr != nil || trainingPerTask[task]?.lr != nil }

    /// `run` with its task's training settings, split and learning rate filled in (known without
    /// loading data): a grid point's rate, else the suite's own, else a tuned one, else the default.
    public func resolved(_ run: SuiteRun) throws -> RunSpec {
        let task = try taskType(named: run.task)
        var spec = run.spec
        spec.training = trainConfig(for: task)
        spec.split = split
        guard spec.lr == nil else { return spec }
        if setsLR(run.task) {
            spec.lrSource = "suite"
        } else if let rates,
            let (lr, label) = rates.rate(task: run.task, method: spec.method, options: spec.optionsText)
        {
            (spec.lr, spec.lrSource) = (
                lr, "tuned \(rates.source)\(label == spec.method && !spec.optionsText.isEmpty ? " (\(label)'s)" : "")"
            )
        }
        return spec
    }

    /// The training settings of `task` in this suite (known without loading its data).
    public func trainConfig(for task: any FineTuneTask.Type) -> TrainConfig {
        training.applied(to: task.training, then: trainingPerTask[task.name])
    }

    /// Loads the task `name` (its data) with the suite's budgets applied.
    public func loadTask(_ name: String) throws -> any FineTuneTask {
        let task = try taskType(named: name).init()
        if let s = pretrainingSteps { task.limitPretraining(steps: s) }
        task.evaluationLimit = evaluationLimit
        return task
    }

    /// Every option set of `method`: the Cartesian product of its axes, in file order (a value
    /// listed twice runs once).
    public func optionSets(_ method: String) -> [[String: String]] {
        var sets: [[String: String]] = [[:]]
        for (key, values) in options[method] ?? [] {
            sets = sets.flatMap { set in values.uniqued().map { v in set.merging([key: v]) { _, new in new } } }
        }
        return sets
    }

    /// Applies every option set of the grid once to each task's backbone; the first that fails
    /// gives its method, the option key to blame (nil: the method itself) and the error.
    /// Defaults fit every backbone (the contract tests apply them to all), so only sets from the
    /// suite are applied.
    public func firstInvalidOptionSet() -> (method: String, key: String?, error: MethodError)? {
        for method in methods {
            for options in optionSets(method) where !options.isEmpty {
                do {
                    for task in tasks {
                        let model = try taskType(named: task).backbone.make(seed: 0)
                        try makeMethod(method, options: options).apply(to: model, seed: 0)
                    }
                } catch let e as MethodError {
                    switch e {
                    case .unsupported: continue  // recorded as `unsupported` when it runs
                    case let .unknownOption(_, key, _), let .invalidOption(_, key, _, _): return (method, key, e)
                    default: return (method, nil, e)
                    }
                } catch { continue }
            }
        }
        return nil
    }

    /// The runs in order: task, method, option set, [grid rate,] seed. Training settings are
    /// filled in per task by `resolved`.
    public func runs() -> [SuiteRun] {
        filtersUntuned ? allRuns().filter { isTuned($0) } : allRuns()
    }

    /// `require_tuned` applies to a suite that reads tuned rates (not to the search itself).
    var filtersUntuned: Bool { requireTuned && tune == nil && rates != nil }

    /// task/method labels `runs()` leaves out under `require_tuned`, in order.
    public var untuned: [String] {
        guard filtersUntuned else { return [] }
        var out: [String] = []
        for r in allRuns() where !isTuned(r) && !out.contains("\(r.task)/\(r.spec.method)") {
            out.append("\(r.task)/\(r.spec.method)")
        }
        return out
    }

    func isTuned(_ r: SuiteRun) -> Bool {
        setsLR(r.task) || rates?.searched(task: r.task, method: r.spec.method, options: r.spec.optionsText) == true
    }

    func allRuns() -> [SuiteRun] {
        var out: [SuiteRun] = []
        for task in tasks {
            let type = try? taskType(named: task)
            for method in methods {
                for options in optionSets(method) {
                    let grid: [Float?] =
                        tune.flatMap { t in type.map { t.rates(task: $0, method: method, suiteLR: trainConfigLR(task)) }
                        } ?? [nil]
                    for (k, lr) in grid.enumerated() {
                        for seed in seeds {
                            var spec = RunSpec(
                                method: method, options: options, seed: seed,
                                training: TrainConfig(steps: 0, batchSize: 1, lr: 0))
                            if let lr, let tune {
                                spec.lr = lr
                                spec.lrSource = "grid ×\(LearningRateSelection.short(Float(tune.factors[k])))"
                                spec.variant = "lr=\(LearningRateSelection.short(lr))"
                            }
                            out.append(SuiteRun(task: task, spec: spec))
                        }
                    }
                }
            }
        }
        return out
    }

    /// A run's expected seconds: its task's typical run, scaled by the steps the suite gives it
    /// against the task's default (smoke suites cap them).
    public func expectedSeconds(_ run: SuiteRun) -> Double {
        guard let t = try? taskType(named: run.task) else { return 0 }
        let steps = (try? resolved(run))?.training.steps ?? t.training.steps
        return t.typicalRunSeconds * Double(steps) / Double(Swift.max(1, t.training.steps))
    }

    /// `runs` with the longest expected first (ties keep their order), the order workers take
    /// them in: a long run started last would leave the other cores idle at the end.
    public func longestFirst(_ runs: [SuiteRun]) -> [SuiteRun] {
        let cost = runs.map(expectedSeconds)
        return runs.indices.sorted { cost[$0] != cost[$1] ? cost[$0] > cost[$1] : $0 < $1 }.map { runs[$0] }
    }

    /// The suite's own rate for `task`, if it sets one.
    func trainConfigLR(_ task: String) -> Float? { trainingPerTask[task]?.lr ?? training.lr }
}

/// One run of a suite before its task is loaded.
public struct SuiteRun: Sendable {
    public var task: String
    public var spec: RunSpec
    public var id: String { ResultRow.runID(task: task, spec: spec) }
}

/// Which runs a process takes: `--only` patterns, then a deterministic shard.
public struct RunSelection: Sendable {
    public var only: [String] = []
    public var shard: (index: Int, count: Int) = (1, 1)  // 1-based index
    public init() {}

    /// `--shard i/n`, or SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT.
    public static func shard(_ text: String?, environment: [String: String]) throws -> (index: Int, count: Int) {
        if let text {
            let parts = text.split(separator: "/").map { Int($0) }
            guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (1...n).contains(i) else {
                throw BenchError.invalid("--shard: expected i/n with 1 ≤ i ≤ n, e.g. 2/4 (got '\(text)')")
            }
            return (i, n)
        }
        if let raw = environment["SLURM_ARRAY_TASK_ID"] {
            // Inside a job array: a malformed variable is an error, never "run the whole suite".
            func int(_ name: String) throws -> Int {
                guard let text = environment[name], let v = Int(text) else {
                    throw BenchError.invalid(
                        "\(name)=\(environment[name] ?? "(unset)") is not an integer (SLURM_ARRAY_TASK_ID is \(raw)); pass --shard i/n to choose the slice yourself"
                    )
                }
                return v
            }
            let (id, n) = (try int("SLURM_ARRAY_TASK_ID"), try int("SLURM_ARRAY_TASK_COUNT"))
            let i = id - (environment["SLURM_ARRAY_TASK_MIN"] == nil ? 0 : try int("SLURM_ARRAY_TASK_MIN")) + 1
            guard n >= 1, (1...n).contains(i) else {
                throw BenchError.invalid("SLURM_ARRAY_TASK_ID=\(id) is outside the array of \(n) tasks")
            }
            return (i, n)
        }
        return (1, 1)
    }

    /// The selected runs: matching any `--only` glob (on the run id, e.g. "digits/lora/*"), then
    /// every n-th from the shard's index.
    public func apply(_ runs: [SuiteRun]) -> [SuiteRun] {
        let matching =
            only.isEmpty
            ? runs
            : runs.filter { r in only.contains { glob($0, r.id) || glob($0, r.spec.method) || glob($0, r.task) } }
        return matching.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    public func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
