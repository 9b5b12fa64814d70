// The result CSV: one row per run, the columns of docs/ARCHITECTURE.md ("The result row").
// Rows are appended one at a time, each by rewriting the file atomically, so a crash loses at
// most the run in flight and a row is never torn; a file with another header is refused.

import Foundation
import PEFT
import Tasks
import Tensor

public enum ResultRow {
    public static let header = [
        "suite", "run", "task", "method", "family", "seed", "options",
        "trainable_params", "head_params", "total_params", "changed_params", "adapter_bytes",
        "peak_train_bytes", "peak_rss_bytes", "train_seconds", "step_ms", "infer_ms", "infer_merged_ms",
        "metric", "value", "extras", "forgetting_metric", "forgetting", "status", "error",
        "steps", "batch", "lr", "lr_source", "split", "eval_limit", "threads", "git_revision", "timestamp",
    ]

    /// The run's identity within a suite: task/method/options[/variant]/seed.
    public static func runID(task: String, spec: RunSpec) -> String {
        ([
            task, spec.method,
            spec.optionsText.isEmpty ? "default" : spec.optionsText.replacingOccurrences(of: " ", with: ","),
        ]
            + (spec.variant.map { [$0] } ?? []) + ["seed\(spec.seed)"]).joined(separator: "/")
    }

    /// What makes a recorded run the same run again: its suite, its id and every setting that
    /// changes its result — steps, batch, the effective learning rate, the split and the
    /// evaluation limit. Resume and merge both key on it. (The pretraining recipe is part of the
    /// cache key, not of a run's.)
    public static func resumeKey(suite: String, task: String, spec: RunSpec, evaluationLimit: Int?) -> String {
        let lr = spec.lr ?? spec.training.lr * ((try? methodType(named: spec.method).lrScale) ?? 1)
        return [
            suite, runID(task: task, spec: spec), "\(spec.training.steps)", "\(spec.training.batchSize)", "\(lr)",
            spec.split.rawValue, evaluationLimit.map(String.init) ?? "",
        ].joined(separator: " ")
    }

    /// The columns `resumeKey` is made of, as they stand in a row.
    static let keyColumns = ["suite", "run", "steps", "batch", "lr", "split", "eval_limit"]

    /// A recorded row's key, the same as `resumeKey` of the spec that wrote it.
    static func key(of row: [String], in header: [String]) -> String {
        keyColumns.map { c in header.firstIndex(of: c).map { row[$0] } ?? "" }.joined(separator: " ")
    }

    /// The resume keys of the runs an existing CSV records `ok` or `unsupported` (an unsupported
    /// run is a property of the method and the task: running it again cannot change it).
    public static func recordedOK(_ path: String) throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let (header, rows) = try CSV.read(path)
        guard header == Self.header else { return [] }  // appending will refuse it with a clear error
        let status = header.firstIndex(of: "status")!
        return Set(rows.filter { $0[status] == "ok" || $0[status] == "unsupported" }.map { key(of: $0, in: header) })
    }

    public static func fields(suite: String, task: any FineTuneTask, spec: RunSpec, result r: RunResult) -> [String] {
        func num(_ x: Double, _ digits: Int = 4) -> String { x.isNaN ? "" : String(format: "%.\(digits)f", x) }
        return [
            suite, runID(task: task.name, spec: spec), task.name, spec.method, r.family, "\(spec.seed)",
            spec.optionsText,
            "\(r.trainable)", "\(r.head)", "\(r.total)", "\(r.changed)", "\(r.adapterBytes)",
            "\(r.peakTrainBytes)", "\(r.peakRSS)", num(r.trainSeconds, 3), num(r.stepMs, 3), num(r.inferMs, 3),
            r.inferMergedMs.map { num($0, 3) } ?? "",
            task.metric.name, num(r.value), r.extras.map { "\($0.name)=\(num($0.value))" }.joined(separator: " "),
            task.sourceMetric.name, num(r.forgetting), r.status.rawValue, r.error,
            "\(spec.training.steps)", "\(spec.training.batchSize)", "\(r.lr)", spec.lrSource, spec.split.rawValue,
            task.evaluationLimit.map(String.init) ?? "", "\(Threads.count)",
            Provenance.gitRevision, Provenance.timestamp(),
        ]
    }
}

extension CSV {
    /// Appends one row (writing the header first if the file is new). Refuses a file whose header
    /// differs, naming it, so results of different schemas never mix. Holds `path.lock`, so
    /// processes appending to one file never drop each other's rows.
    public static func append(header: [String], row: [String], to path: String) throws {
        try FileLock.withLock(path + ".lock") { try appendUnlocked(header: header, row: row, to: path) }
    }

    static func appendUnlocked(header: [String], row: [String], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        var text = line(header)
        if let existing = try? String(contentsOf: url, encoding: .utf8), !existing.isEmpty {
            guard existing.hasPrefix(text) else {
                throw BenchError.invalid(
                    "\(path): its header is not the result header of this version; move it aside or pass another --csv")
            }
            text = existing.hasSuffix("\n") ? existing : existing + "\n"
        }
        try writeAtomically(Data((text + line(row)).utf8), to: path)
    }
}
