// Result CSVs read back for charts and tables (no training). Rows from several files are merged
// (a run recorded twice keeps its last row); only `ok` rows carry numbers.

import Foundation
import PEFT
import Tasks

/// One result row, by column name.
public struct ResultRecord: Sendable {
    let fields: [String: String]
    public subscript(_ column: String) -> String { fields[column] ?? "" }
    /// A column as a finite number, else nil: a row from a file may hold anything, and `inf` or
    /// `nan` must neither rank nor reach an integer conversion.
    public func number(_ column: String) -> Double? { Double(self[column]).flatMap { $0.isFinite ? $0 : nil } }
    /// A number from the `extras` column (space-separated `name=value` pairs), if present.
    public func extra(_ name: String) -> Double? {
        self["extras"].split(separator: " ").first { $0.hasPrefix(name + "=") }
            .flatMap { Double($0.dropFirst(name.count + 1)) }.flatMap { $0.isFinite ? $0 : nil }
    }
    public var task: String { self["task"] }
    public var method: String { self["method"] }
    public var family: String { self["family"] }
    public var options: String { self["options"] }
    public var seed: String { self["seed"] }
    public var ok: Bool { self["status"] == "ok" }
    public var value: Double { number("value") ?? .nan }
    /// The method with its options, e.g. "lora r=4" (just "lora" with the defaults).
    public var label: String { options.isEmpty ? method : "\(method) \(options)" }
    /// Trained parameters including the task head (never zero, so it fits a log axis).
    public var trained: Double { (number("trainable_params") ?? 0) + (number("head_params") ?? 0) }
    /// An option's value in this run ("" when it ran with the default).
    public func option(_ key: String) -> String {
        options.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            ?? ""
    }
}

public struct Results: Sendable {
    public var rows: [ResultRecord]
    public var files: [String]
    /// Rows with a capped evaluation (smoke suites) left out because full ones were present.
    public var droppedSmokeRows = 0

    /// Reads and merges result CSVs; each must have this version's header.
    public static func load(_ paths: [String]) throws -> Results {
        try combine(paths.map { path in (path, try CSV.read(path)) })
    }

    /// Merges parsed result CSVs (`CSV.parse`), each checked against this version's header.
    public static func combine(_ files: [(path: String, csv: (header: [String], rows: [[String]]))]) throws -> Results {
        var all: [[String]] = []
        for (path, (header, rows)) in files {
            guard header == ResultRow.header else {
                throw BenchError.invalid(
                    "\(path): not a result CSV of this version (its header differs from `peftbench run`'s)")
            }
            all += rows
        }
        let (suite, run) = (ResultRow.header.firstIndex(of: "suite")!, ResultRow.header.firstIndex(of: "run")!)
        var rows = CSV.keepLastOK(all, status: ResultRow.header.firstIndex(of: "status")!) { "\($0[suite]) \($0[run])" }
            .map { ResultRecord(fields: Dictionary(uniqueKeysWithValues: zip(ResultRow.header, $0))) }
        // Smoke rows (a capped evaluation) never mix with real ones: when both are present, the
        // smoke rows are left out and counted.
        let smoke = rows.filter { !$0["eval_limit"].isEmpty }.count
        let dropped = smoke < rows.count ? smoke : 0
        if dropped > 0 { rows.removeAll { !$0["eval_limit"].isEmpty } }
        return Results(rows: rows, files: files.map(\.path), droppedSmokeRows: dropped)
    }

    public var ok: [ResultRecord] { rows.filter(\.ok) }

    /// The rows scored on `split` (the tables report test; the search reads validation).
    public func on(_ split: EvalSplit) -> Results {
        var r = self
        r.rows = rows.filter { $0["split"] == split.rawValue }
        return r
    }
    /// Tasks in registry order, then any others.
    public var tasks: [String] {
        let present = Set(rows.map(\.task))
        return allTasks.map { $0.name }.filter(present.contains)
            + present.subtracting(allTasks.map { $0.name }).sorted()
    }
    /// Methods in registry order.
    public var methods: [String] {
        let present = Set(rows.map(\.method))
        return allMethods.map { $0.name }.filter(present.contains)
    }

    /// Whether larger values of `task`'s metric are better (true for unknown tasks).
    public static func higherIsBetter(_ task: String) -> Bool {
        (try? taskType(named: task))?.metric.higherIsBetter ?? true
    }
}

/// Mean and sample standard deviation.
public struct Stats: Sendable {
    public let mean: Double, std: Double, count: Int
    public init(_ xs: [Double]) {
        count = xs.count
        let m = xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
        mean = m
        std = xs.count < 2 ? 0 : (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    }
}
