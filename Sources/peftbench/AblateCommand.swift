// `peftbench ablate METHOD --task T --sweep key=v1,v2,…`: a single-method ablation without a
// suite file. Every value of the swept option (× every seed) is one run and one CSV row.

import ArgumentParser
import Bench
import Foundation
import PEFT
import Tasks
import Tensor

struct AblateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ablate",
        abstract: "Run one method on one task, sweeping one option; one CSV row per run.")

    @OptionGroup var machine: MachineOptions

    @Argument(help: "The method (see `peftbench methods`).")
    var method: String

    @Option(help: "The task: \(allTasks.map { $0.name }.joined(separator: ", ")).")
    var task: String

    @Option(help: "The option to sweep and its values, e.g. r=1,2,4,8 (default: one run with the defaults).")
    var sweep: String?

    @Option(name: .customLong("set"), help: "A fixed method option key=value (repeatable).")
    var fixed: [String] = []

    @Option(help: "Comma-separated seeds.")
    var seeds = "0"

    @Option(help: "Training steps (default: the task's).")
    var steps: Int?

    @Option(help: "Peak learning rate (default: the task's).")
    var lr: Float?

    @Option(help: "Batch size (default: the task's).")
    var batch: Int?

    @Option(help: "CSV to append rows to (default: results/ablate-METHOD.csv).")
    var csv: String?

    @Flag(help: "Run again even when the CSV already records the run as ok with the same settings.")
    var force = false

    @Option(help: "Save each run's trained tensors (and head) as DIR/<run id with _ for />.safetensors.")
    var adapters: String?

    @Option(
        help:
            "Tuned learning rates for a run without --lr (default: results/tuned-lr.toml, else suites/tuned-lr.toml); 'none' uses the method's default."
    )
    var lrFile: String?

    func validate() throws {
        do { _ = try methodType(named: method) } catch { throw ValidationError("\(error)") }
        do { _ = try taskType(named: task) } catch { throw ValidationError("--task: \(error)") }
        guard !(try parsedSeeds()).isEmpty else { throw ValidationError("--seeds: give at least one seed, e.g. 0,1,2") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1 (got \(batch))") }
        if let lr, !(lr > 0 && lr.isFinite) {
            throw ValidationError("--lr must be a positive finite number (got \(lr))")
        }
    }

    func parsedSeeds() throws -> [UInt64] {
        try seeds.split(separator: ",").map {
            guard let s = UInt64($0) else { throw CLIError("--seeds: '\($0)' is not a non-negative integer") }
            return s
        }
    }

    /// The ablation as a one-method suite: the same executor, CSV columns, curves and resume
    /// rules as `peftbench run`.
    func suite() throws -> Suite {
        var suite = Suite(name: "ablate-\(method)")
        (suite.tasks, suite.methods, suite.seeds) = ([task], [method], try parsedSeeds().uniqued())
        let fixedOptions = try parseSetOptions(fixed)
        var axes = fixedOptions.keys.sorted().map { (key: $0, values: [fixedOptions[$0]!]) }
        if let sweep {
            let kv = sweep.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[1].isEmpty else { throw CLIError("--sweep: expected key=v1,v2,…, got '\(sweep)'") }
            axes.removeAll { $0.key == kv[0] }
            axes.append((kv[0], kv[1].split(separator: ",").map(String.init)))
        }
        suite.options[method] = axes
        (suite.training.steps, suite.training.lr, suite.training.batch) = (steps, lr, batch)
        if lrFile != "none", let file = lrFile ?? LearningRateDefaults.file(results: "results") {
            do { suite.rates = try LearningRates.load(file) } catch { throw CLIError("\(error)") }
        }
        if let (_, _, error) = suite.firstInvalidOptionSet() {
            throw CLIError("\(sweep == nil ? "--set" : "--sweep/--set"): \(error)")
        }
        return suite
    }

    func run() throws {
        Threads.set(machine.threads)
        let suite = try self.suite()
        let path = csv ?? "results/ablate-\(method).csv"
        let paths = SuitePaths(
            suite: suite.name, results: URL(fileURLWithPath: path).deletingLastPathComponent().path, csv: path)
        if let adapters {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: adapters, isDirectory: &isFolder), !isFolder.boolValue {
                throw CLIError("--adapters \(adapters) is a file; it needs a folder")
            }
            do { try FileManager.default.createDirectory(atPath: adapters, withIntermediateDirectories: true) } catch {
                throw CLIError("--adapters \(adapters): cannot create the folder (\(error.localizedDescription))")
            }
        }
        guard try FileLock.holdForProcess(path + ".writer") else {
            throw CLIError("another peftbench process is running into \(path); wait for it, or pass another --csv")
        }
        let runs = suite.runs()
        let progress = SuiteProgress(total: runs.count)
        let executor = SuiteExecutor(
            suite: suite, paths: paths, cache: machine.pretrainCache, force: force, progress: progress)
        executor.adapters = adapters
        var next = 0
        let tally = try executor.run(runs) {
            defer { next += 1 }; return next
        }
        progress.note("\(suite.name): \(tally.summary); rows in \(path)")
        if tally.counts["failed", default: 0] > 0 { throw ExitCode(1) }
    }
}

/// Method options from repeated `--set key=value` flags.
func parseSetOptions(_ pairs: [String]) throws -> [String: String] {
    var options: [String: String] = [:]
    for pair in pairs {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2 else { throw CLIError("--set: expected key=value, got '\(pair)'") }
        options[kv[0]] = kv[1]
    }
    return options
}
