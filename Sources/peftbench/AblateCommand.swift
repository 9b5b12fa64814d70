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

    @Flag(help: "Run again even when the CSV already records the run as ok with the same steps and batch.")
    var force = false

    @Option(help: "Save each run's trained tensors (and head) as DIR/<task>_<method>_<options>_seed<N>.safetensors.")
    var adapters: String?

    func validate() throws {
        do { _ = try methodType(named: method) } catch { throw ValidationError("\(error)") }
        do { _ = try taskType(named: task) } catch { throw ValidationError("--task: \(error)") }
        _ = try parsedSeeds()
        _ = try grid()
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1 (got \(batch))") }
        if let lr, !(lr > 0) { throw ValidationError("--lr must be positive (got \(lr))") }
    }

    func parsedSeeds() throws -> [UInt64] {
        try seeds.split(separator: ",").map {
            guard let s = UInt64($0) else { throw ValidationError("--seeds: '\($0)' is not a non-negative integer") }
            return s
        }
    }

    /// The option sets to run, each checked by constructing the method (so a bad key or value
    /// fails before any training).
    func grid() throws -> [[String: String]] {
        let base = try parseSetOptions(fixed)
        var sets = [base]
        if let sweep {
            let kv = sweep.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[1].isEmpty else { throw ValidationError("--sweep: expected key=v1,v2,…, got '\(sweep)'") }
            sets = kv[1].split(separator: ",").map { var o = base; o[kv[0]] = String($0); return o }
        }
        for o in sets {
            do { _ = try makeMethod(method, options: o) } catch { throw ValidationError("\(error)") }
        }
        return sets
    }

    func run() throws {
        Threads.set(machine.threads)
        let task = try taskType(named: self.task).init()
        let record = try task.pretrained(cache: machine.pretrainCache)
        var training = task.training
        if let steps { training.steps = steps }
        if let lr { training.lr = lr }
        if let batch { training.batchSize = batch }
        let path = csv ?? "results/ablate-\(method).csv"
        let done = force ? [] : try ResultRow.recordedOK(path)
        if let adapters { try FileManager.default.createDirectory(atPath: adapters, withIntermediateDirectories: true) }
        for options in try grid() {
            for seed in try parsedSeeds() {
                var spec = RunSpec(method: method, options: options, seed: seed, training: training)
                let key = ResultRow.resumeKey(task: task.name, spec: spec)
                if done.contains(key) { print("\(key): already recorded ok in \(path); skipped (--force reruns)"); continue }
                if let adapters {
                    let id = ResultRow.runID(task: task.name, spec: spec).replacingOccurrences(of: "/", with: "_")
                    spec.adapterPath = "\(adapters)/\(id).safetensors"
                }
                let result = Runner.run(spec, task: task, pretrained: record, sourceBefore: record.quality)
                try CSV.append(header: ResultRow.header, row: ResultRow.fields(suite: "ablate", task: task, spec: spec, result: result), to: path)
                print(summary(task, spec, result))
            }
        }
        print("appended to \(path)")
    }

    func summary(_ task: any FineTuneTask, _ spec: RunSpec, _ r: RunResult) -> String {
        let opts = spec.optionsText.isEmpty ? "defaults" : spec.optionsText
        guard r.status == .ok else { return "\(spec.method) [\(opts)] seed \(spec.seed): \(r.status.rawValue): \(r.error)" }
        let extras = r.extras.map { "\($0.name) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
        return String(format: "%@ [%@] seed %d: %@ %.4f%@  forgetting %.4f  trainable %d  peak %.1f MB  train %.1f s  step %.1f ms",
                      spec.method as NSString, opts as NSString, Int(spec.seed), task.metric.name as NSString, r.value,
                      (extras.isEmpty ? "" : " (\(extras))") as NSString, r.forgetting, r.trainable,
                      Double(r.peakTrainBytes) / 1e6, r.trainSeconds, r.stepMs)
    }
}

/// Method options from repeated `--set key=value` flags.
func parseSetOptions(_ pairs: [String]) throws -> [String: String] {
    var options: [String: String] = [:]
    for pair in pairs {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2 else { throw ValidationError("--set: expected key=value, got '\(pair)'") }
        options[kv[0]] = kv[1]
    }
    return options
}
