// Learning-rate tuning, a first-class step of the protocol (docs/PROTOCOL.md). A suite with a
// `[tune]` table is a search: every run of its grid is repeated at each learning rate of a log
// grid around the method's default (factors × the task's rate × the method's `lrScale`), trained
// on the training split and scored on the VALIDATION split. `peftbench tune` runs it like any
// suite (resume, `--jobs`, shards), then picks per task × method × options the rate with the best
// validation metric (diverged and failed runs never win; an exact tie goes to the smaller rate)
// and writes them to a human-readable TOML file that `peftbench run` reads by default.

import Foundation
import PEFT
import Tasks
import TOMLKit

/// The `[tune]` table: the grid as multiples of each method's default rate.
public struct TuneGrid: Sendable, Equatable {
    public var factors: [Double]
    /// How many half decades `peftbench tune` may go beyond the grid, one at a time, for a label
    /// whose best rate is at an end of what it has searched so far.
    public var extend = 2
    /// 10^(−1 … 1) in half decades: five rates over two decades, the default in the middle.
    public static let standard = TuneGrid(factors: [0.1, 0.316, 1, 3.16, 10])
    public init(factors: [Double], extend: Int = 2) { (self.factors, self.extend) = (factors, extend) }

    /// The effective peak rates for `method` on `task`.
    public func rates(task: any FineTuneTask.Type, method: String, suiteLR: Float?) -> [Float] {
        let base = suiteLR ?? task.training.lr
        let scale = (try? methodType(named: method).lrScale) ?? 1
        return factors.map { Float($0) * base * scale }
    }
}

/// Chosen learning rates by task, then by method label ("lora", or "lora r=4" for an option set).
public struct LearningRates: Sendable {
    public var rates: [String: [String: Float]] = [:]
    /// task → methods the search found unsupported there (the file's "# M: unsupported on T" lines).
    public var unsupported: [String: Set<String>] = [:]
    /// Where they were read from and a short hash of the file, for each row's `lr_source`.
    public var source = ""

    public init(rates: [String: [String: Float]] = [:], source: String = "") {
        self.rates = rates
        self.source = source
    }

    /// The rate for a run: its exact option set first, else the method with default options.
    public func rate(task: String, method: String, options: String) -> (Float, label: String)? {
        let label = options.isEmpty ? method : "\(method) \(options)"
        if let r = rates[task]?[label] { return (r, label) }
        if let r = rates[task]?[method] { return (r, method) }
        return nil
    }

    /// Reads a rates file; every error names file:line:column and what is valid.
    public static func load(_ path: String) throws -> LearningRates {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw SuiteError(
                location: path,
                message: "cannot read the learning-rate file (write one with `peftbench tune`, or pass --lr-file none)")
        }
        return try parse(text, path: path, digest: fnv1a(data))
    }

    /// Parses a rates file's text; `path` and `digest` identify it in errors and in rows.
    public static func parse(_ text: String, path: String, digest: String) throws -> LearningRates {
        let root = try parseTOML(text, file: path)
        let keys = KeyPositions(text)
        func at(_ p: [String]) -> String { let (l, c) = keys.position(p); return "\(path):\(l):\(c)" }
        var out = LearningRates(source: "\(path)@\(digest)")
        let tasks = allTasks.map { $0.name }, methods = allMethods.map { $0.name }
        for (task, value) in root {
            guard tasks.contains(task) else {
                throw SuiteError(
                    location: at([task]), message: "unknown task '\(task)'; valid: \(tasks.joined(separator: ", "))")
            }
            guard let table = value.table else {
                throw SuiteError(location: at([task]), message: "'\(task)' must be a table ([\(task)])")
            }
            for (label, v) in table {
                let method = String(label.split(separator: " ").first ?? "")
                guard methods.contains(method) else {
                    throw SuiteError(
                        location: at([task, label]),
                        message: "unknown method '\(method)'; valid: \(methods.joined(separator: ", "))")
                }
                guard let x = v.double ?? v.int.map(Double.init), x > 0, x.isFinite, x < 1e3 else {
                    throw SuiteError(
                        location: at([task, label]),
                        message: "a learning rate is a positive finite number below 1000 (got \(v))")
                }
                out.rates[task, default: [:]][label] = Float(x)
            }
        }
        for line in text.split(separator: "\n") where line.hasPrefix("# ") && line.contains(": unsupported on ") {
            let parts = line.dropFirst(2).components(separatedBy: ": unsupported on ")
            if parts.count == 2 { out.unsupported[parts[1], default: []].insert(parts[0]) }
        }
        return out
    }

    /// Whether the search covered the pair: a rate, or found it unsupported.
    public func searched(task: String, method: String, options: String) -> Bool {
        rate(task: task, method: method, options: options) != nil || unsupported[task]?.contains(method) == true
    }
}

/// FNV-1a over the bytes, as 8 hex digits: which version of a rates file a row used.
func fnv1a(_ data: Data) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return String(format: "%08x", UInt32(truncatingIfNeeded: h ^ (h >> 32)))
}

/// The choice for one task × method label: the grid's validation scores and the winner.
public struct RateChoice: Sendable {
    public var task: String, label: String, metric: String
    public var scores: [(lr: Float, value: Double?)]  // by rate; nil: diverged or failed
    public var chosen: Float?
    /// Whether every rate of the grid was recorded (an incomplete search chooses nothing yet).
    public var complete = true
    /// The search suite the rows came from.
    public var suite = ""
    /// Every run of the label was `unsupported` on the task (e.g. `frozen` with a new head).
    public var unsupported = false
    /// The winner is the smallest or the largest rate searched and beats its inward neighbour
    /// (which is worse, diverged or failed): the search should go further on that side. A tie at
    /// an end (a plateau, or a method that trains nothing) is not an edge.
    public var atEdge: Bool {
        let sorted = scores.sorted { $0.lr < $1.lr }
        guard let chosen, sorted.count > 1, let k = sorted.firstIndex(where: { $0.lr == chosen }),
            k == 0 || k == sorted.count - 1, let best = sorted[k].value
        else { return false }
        guard let inward = sorted[k == 0 ? 1 : k - 1].value else { return true }
        return higherIsBetter ? best > inward : best < inward
    }
    /// Whether larger values of the metric are better (from the task).
    var higherIsBetter: Bool { Results.higherIsBetter(task) }
}

public enum LearningRateSelection {
    /// Picks a rate per task × method label from a tuning suite's validation rows (every seed's
    /// values averaged per rate), within `suite` if given (searches of different suites never
    /// mix). A label gets no choice yet while its search is incomplete: fewer than `gridSize`
    /// rates, or a rate without a row for each of the `seeds`.
    public static func choose(_ results: Results, suite: String? = nil, gridSize: Int = 1, seeds: Int = 1)
        -> [RateChoice]
    {
        var groups: [String: [ResultRecord]] = [:]
        for r in results.rows where r["split"] == EvalSplit.validation.rawValue && r["lr_source"].hasPrefix("grid") {
            guard suite.map({ r["suite"] == $0 }) ?? true else { continue }
            groups["\(r["suite"])\t\(r.task)\t\(r.label)", default: []].append(r)
        }
        return groups.keys.sorted().map { key in
            let rows = groups[key]!, (task, label) = (rows[0].task, rows[0].label)
            if rows.allSatisfy({ $0["status"] == "unsupported" }) {
                var c = RateChoice(task: task, label: label, metric: rows[0]["metric"], scores: [], chosen: nil)
                (c.unsupported, c.suite) = (true, rows[0]["suite"])
                return c
            }
            let higher = Results.higherIsBetter(task)
            let byRate = Dictionary(grouping: rows) { Float($0["lr"]) ?? .nan }
            let scores = byRate.keys.filter { !$0.isNaN }.sorted().map { lr -> (lr: Float, value: Double?) in
                let ok = byRate[lr]!.filter { $0.ok && $0.value.isFinite }
                return (lr, ok.count == byRate[lr]!.count && !ok.isEmpty ? Stats(ok.map(\.value)).mean : nil)
            }
            if scores.count < gridSize || byRate.values.contains(where: { Set($0.map(\.seed)).count < seeds }) {
                var c = RateChoice(task: task, label: label, metric: rows[0]["metric"], scores: scores, chosen: nil)
                c.complete = false
                return c
            }
            var best: (lr: Float, value: Double)?
            for s in scores {  // ascending rates: a tie keeps the smaller
                guard let v = s.value else { continue }
                if best == nil || (higher ? v > best!.value : v < best!.value) { best = (s.lr, v) }
            }
            var c = RateChoice(task: task, label: label, metric: rows[0]["metric"], scores: scores, chosen: best?.lr)
            c.suite = rows[0]["suite"]
            return c
        }
    }

    /// The rates file: a TOML table per task, one line per method label with its grid in a comment.
    public static func file(_ choices: [RateChoice], command: String, seeds: [String]) -> String {
        var text = """
            # Learning rates chosen on the VALIDATION split by `\(command)`
            # (selection seed\(seeds.count == 1 ? "" : "s") \(seeds.joined(separator: ", ")); never a reported seed). `peftbench run` reads this
            # file by default (--lr-file); each row records it and its hash in `lr_source`.
            # Each line: the chosen peak rate, then the validation metric at every rate of the grid
            # (* the choice; "div" diverged or failed). "edge": the best rate is at the end of the grid.

            """
        let tasks = allTasks.map { $0.name }
        for task in tasks where choices.contains(where: { $0.task == task }) {
            text += "\n[\(task)]\n"
            for c in choices where c.task == task {
                guard let chosen = c.chosen else {
                    let why =
                        c.unsupported
                        ? "unsupported on \(task)"
                        : c.complete
                            ? "every rate diverged or failed" : "search incomplete (\(c.scores.count) rates so far)"
                    text += "# \(quoted(c.label)): \(why)\n"
                    continue
                }
                let grid = c.scores.map { s in
                    "\(short(s.lr)) \(s.value.map { String(format: "%.4f", $0) } ?? "div")\(s.lr == chosen ? "*" : "")"
                }
                let metric = Charts.safe(c.metric, also: "_-")
                text +=
                    "\(quoted(c.label)) = \(short(chosen))  # \(metric): \(grid.joined(separator: " | "))\(c.atEdge ? "  (edge)" : "")\n"
            }
        }
        return text
    }

    /// A label as a TOML key: bare when it is letters, digits, `-` and `_`, else a basic string
    /// with `\`, `"` and control characters escaped, so text from a CSV can never add a line or a
    /// table to the rates file.
    static func quoted(_ label: String) -> String {
        if !label.isEmpty,
            label.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            })
        {
            return label
        }
        var out = "\""
        for u in label.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case _ where u.value < 0x20 || u.value == 0x7F: out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
    /// Four significant digits: the rate a run then uses is the grid's within 1e-4, relatively.
    static func short(_ x: Float) -> String { String(format: "%.4g", Double(x)) }
}

extension LearningRateSelection {
    /// The search's validation runs twice over: at every method's default rate (grid ×1) and at
    /// the rate the search chose, for T4's "did tuning change the verdict"; only labels whose
    /// search has at least the protocol's five rates. nil without search rows. (The tuned side is
    /// judged on the rows that chose it: an optimistic view of tuning, as T4's note says.)
    public static func searchViews(_ results: Results) -> (untuned: Results, tuned: Results)? {
        let grid = results.rows.filter {
            $0["split"] == EvalSplit.validation.rawValue && $0["lr_source"].hasPrefix("grid")
        }
        guard !grid.isEmpty else { return nil }
        let chosen = Dictionary(
            uniqueKeysWithValues: choose(results, gridSize: TuneGrid.standard.factors.count).compactMap { c in
                c.chosen.map { ("\(c.suite)\t\(c.task)\t\(c.label)", $0) }
            })
        let key = { (r: ResultRecord) in "\(r["suite"])\t\(r.task)\t\(r.label)" }
        var untuned = results, tuned = results
        untuned.rows = grid.filter { $0["lr_source"] == "grid ×1" && chosen[key($0)] != nil }
        tuned.rows = grid.filter { Float($0["lr"]) == chosen[key($0)] }
        return (untuned, tuned)
    }
}

extension Suite {
    /// The next rates of a search whose winner is at an edge: for each such label among `labels`
    /// (task, method, options), the factor half a decade beyond that edge, while within
    /// `extend` half decades of the grid; grouped by factor, with `--only` patterns for the runs.
    public func searchExtensions(_ choices: [RateChoice], labels: Set<String>) -> [(factor: Double, only: [String])] {
        guard let tune else { return [] }
        func halfDecades(_ f: Double) -> Int { Int((2 * log10(f)).rounded()) }
        let (low, high) = (halfDecades(tune.factors.min() ?? 1), halfDecades(tune.factors.max() ?? 1))
        var out: [Double: [String]] = [:]
        for c in choices where c.atEdge && labels.contains("\(c.task)\t\(c.label)") {
            let parts = c.label.split(separator: " ", maxSplits: 1).map(String.init)
            guard let chosen = c.chosen, let type = try? taskType(named: c.task),
                let unit = TuneGrid(factors: [1]).rates(task: type, method: parts[0], suiteLR: trainConfigLR(c.task))
                    .first
            else { continue }
            let atTop = chosen == c.scores.map(\.lr).max()
            let next = halfDecades(Double(chosen) / Double(unit)) + (atTop ? 1 : -1)
            guard next <= high + tune.extend, next >= low - tune.extend else { continue }
            let factor = Double(String(format: "%.3g", pow(10, Double(next) / 2)))!
            guard factor <= 1e4 else { continue }  // the largest factor a suite accepts
            let options = parts.count > 1 ? parts[1].replacingOccurrences(of: " ", with: ",") : "default"
            out[factor, default: []].append("\(c.task)/\(parts[0])/\(options)/*")
        }
        return out.keys.sorted().map { ($0, out[$0]!) }
    }
}
