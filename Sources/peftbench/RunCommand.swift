// `peftbench run SUITE`: runs a suite file's grid, one CSV row per run. The whole grid is checked
// before the first run; reruns skip runs recorded ok; `--jobs N` runs N worker processes that
// take runs from a shared queue; `--shard i/n` (or a SLURM job array) runs every n-th run.

import ArgumentParser
import Bench
import Foundation
import Tasks
import Tensor

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a suite (a TOML grid of tasks × methods × options × seeds); one CSV row per run.")

    @OptionGroup var machine: MachineOptions

    @Argument(help: "The suite file, e.g. suites/full.toml (or its name: full).")
    var suite: String

    @Option(
        help: "Only runs whose id, method or task matches this glob, e.g. 'digits/lora/*' or 'nouns8' (repeatable).")
    var only: [String] = []

    @Option(
        name: .customLong("set"),
        help: "Override a suite key: training.steps=50, method.lora.r=[4,8], tasks=digits (repeatable).")
    var overrides: [String] = []

    @Option(help: "Comma-separated seeds (replaces the suite's).")
    var seeds: String?

    @Flag(help: "Run again even the runs recorded ok.")
    var force = false

    @Option(help: "Worker processes running in parallel; the threads are split between them.")
    var jobs = 1

    @Option(help: "Run the i-th of n deterministic slices (1-based), e.g. 2/4; default from SLURM_ARRAY_TASK_ID/COUNT.")
    var shard: String?

    @Option(help: "Directory for the CSV and curves (results/<suite>.csv, results/<suite>/curves/).")
    var results = "results"

    @Option(help: "The CSV (default: results/<suite>.csv, or results/<suite>.shard-i-of-n.csv for a shard).")
    var csv: String?

    @Flag(help: "List the selected runs and exit.")
    var dryRun = false

    @Flag(
        help:
            "Afterwards, regenerate the survey tables (<results>/tables) and the charts (--plots) from every suite CSV in --results."
    )
    var report = false

    @Option(help: "Where --report puts the charts.")
    var plots = "plots"

    @Option(
        help:
            "Tuned learning rates for runs whose suite sets no rate (default: <results>/tuned-lr.toml from your own `peftbench tune`, else the published suites/tuned-lr.toml); 'none' uses each method's default."
    )
    var lrFile: String?

    @Option(help: .hidden) var workerQueue: String?
    @Option(help: .hidden) var workerID = 0

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
    }

    var suitePath: String {
        FileManager.default.fileExists(atPath: suite) || suite.hasSuffix(".toml") ? suite : "suites/\(suite).toml"
    }

    func loadSuite() throws -> Suite {
        var sets = overrides
        if let seeds { sets.append("seeds=[\(seeds)]") }
        do {
            var suite = try SuiteFile.load(suitePath, overrides: sets)
            if suite.tune == nil, lrFile != "none", let file = lrFile ?? LearningRateDefaults.file(results: results) {
                suite.rates = try LearningRates.load(file)
            }
            return suite
        } catch let e as SuiteError { throw CLIError("\(e)") }
    }

    /// The selected runs and where they go (a shard writes its own CSV).
    func plan(_ suite: Suite) throws -> (runs: [SuiteRun], paths: SuitePaths, shard: (index: Int, count: Int)) {
        var selection = RunSelection()
        selection.only = only
        do { selection.shard = try RunSelection.shard(shard, environment: ProcessInfo.processInfo.environment) } catch {
            throw CLIError("\(error)")
        }
        let runs = suite.longestFirst(selection.apply(suite.runs()))
        let shardCSV =
            selection.shard.count > 1
            ? "\(results)/\(suite.name).shard-\(selection.shard.index)-of-\(selection.shard.count).csv" : nil
        return (runs, SuitePaths(suite: suite.name, results: results, csv: csv ?? shardCSV), selection.shard)
    }

    func run() throws {
        Threads.set(machine.threads)  // a worker gets its share through --threads
        let suite = try loadSuite()
        let (runs, paths, shard) = try plan(suite)
        let untuned = suite.untuned
        if !untuned.isEmpty {
            print(
                "\(suite.name): leaving out \(untuned.count) task/method pairs without a tuned rate (require_tuned): "
                    + untuned.joined(separator: ", "))
        }
        if dryRun {
            for r in runs { print(r.id) }
            print("\(runs.count) runs → \(paths.csv)")
            return
        }
        guard !runs.isEmpty else {
            throw CLIError(
                "no run of \(suitePath) matches --only \(only.joined(separator: " ")) in shard \(shard.index)/\(shard.count)"
            )
        }
        if let queue = workerQueue { return try work(suite, runs, paths, queue: queue) }
        guard try FileLock.holdForProcess(paths.csv + ".writer") else {
            throw CLIError(
                "another peftbench process is running into \(paths.csv); wait for it, or give this one another --results or --csv"
            )
        }

        let progress = SuiteProgress(total: runs.count, live: jobs > 1 ? false : nil)
        progress.note("\(suite.name): \(runs.count) runs → \(paths.csv)\(jobs > 1 ? " with \(jobs) workers" : "")")
        progress.note(
            suite.tune != nil
                ? "learning-rate search: scored on the validation split"
                : suite.rates.map { "learning rates: tuned, from \($0.source) (runs whose suite sets none)" }
                    ?? "learning rates: each method's default")
        if jobs > 1 {
            try spawnWorkers(suite, runs, progress)
        } else {
            var next = 0
            let tally = try SuiteExecutor(
                suite: suite, paths: paths, cache: machine.pretrainCache, force: force, progress: progress
            )
            .run(runs) {
                defer { next += 1 }; return next
            }
            progress.note("\(suite.name): \(tally.summary)")
        }
        progress.note(
            String(
                format: "%@: finished in %.1f min; rows in %@, loss curves in %@", suite.name as NSString,
                progress.elapsed / 60, paths.csv as NSString, paths.curves as NSString))
        if report {
            let csvs = Reports.suiteCSVs(in: results)
            let (tables, rows) = try Reports.writeTables(csvs, claims: "suites/claims.toml", out: "\(results)/tables")
            progress.note("\(tables.count) tables from \(rows.ok.count) ok runs → \(results)/tables")
            for (csv, _, n) in try Reports.drawCharts(csvs, out: plots) {
                progress.note("\(csv): \(n) charts → \(plots)")
            }
        }
    }

    /// A worker: takes run indices from the shared queue file until the runs are used up.
    func work(_ suite: Suite, _ runs: [SuiteRun], _ paths: SuitePaths, queue: String) throws {
        WorkerPool.exitWithParent()
        let progress = SuiteProgress(total: runs.count, live: false, prefix: "worker \(workerID) ")
        let tally = try SuiteExecutor(
            suite: suite, paths: paths, cache: machine.pretrainCache, force: force, progress: progress
        )
        .run(runs) { try FileLock.next(queue) }
        progress.note(tally.summary)
    }

    /// Pretrains what the runs need first (so workers never pretrain one backbone twice), then
    /// starts `jobs` copies of this command as workers, each with its share of the threads.
    func spawnWorkers(_ suite: Suite, _ runs: [SuiteRun], _ progress: SuiteProgress) throws {
        for name in Set(runs.map(\.task)).sorted() {
            let task = try suite.loadTask(name)
            progress.note(
                "\(name): pretrained backbone ready (\(try task.pretrained(cache: machine.pretrainCache).fromCache ? "cached" : "trained now"))"
            )
        }
        let dir = try WorkerPool.makeScratch()
        let queue = dir.appendingPathComponent("next").path
        // The workers run this command's selection as it is now (tune's extension rounds change
        // --only and --set after parsing), not the one typed.
        let own = WorkerPool.arguments(
            Array(CommandLine.arguments.dropFirst()), dropping: ["--jobs", "--threads", "--only", "--set"],
            adding: only.flatMap { ["--only", $0] } + overrides.flatMap { ["--set", $0] })
        let count = min(jobs, runs.count)  // never more workers than runs
        let failed = try WorkerPool.run(
            executable: WorkerPool.executable, count: count, scratch: dir
        ) { k in
            own + ["--threads", "\(max(1, machine.threads / count))", "--worker-queue", queue, "--worker-id", "\(k)"]
        }
        if failed > 0 {
            throw CLIError(
                "\(failed) of \(count) workers exited with an error (see above); the rows they wrote are kept")
        }
    }
}
