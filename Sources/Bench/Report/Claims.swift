// T4: the surveys' headline claims, checked against our rows. Each claim is data (suites/
// claims.toml): a test kind and the runs it compares, named "method [options] [: column]".
//   ratio   a / b within [min, max]               e.g. full : peak_train_bytes over lora's
//   better  a's metric beats b's                  (direction from the task's metric)
//   close   |a − b| ≤ within × |b|                 on the metric
//   budget  methods training < `below` of the parameters (default options) come within
//           `within` of full fine-tuning; holds when more than half of them do
// A test is made per task and seed (a and b paired by seed). A task's verdict is "reproduced"
// only when it holds on every seed and there are at least three; with fewer seeds it "holds"
// (or "fails") on what there is; "mixed" when seeds disagree; "no data" when a run is missing.

import Foundation
import TOMLKit

public struct Claim: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case ratio, better, close, budget }
    public struct Operand: Sendable {
        var method: String, options: String, column: String, scale: Double
        var text: String { "\(method)\(options.isEmpty ? "" : " \(options)")\(column == "value" ? "" : ":\(column)")" }
    }
    public var id = "", claim = "", source = "", note = ""
    public var kind = Kind.ratio
    public var a = Operand(method: "", options: "", column: "value", scale: 1), b: Operand?
    public var min: Double?, max: Double?, within = 0.01, below = 0.01
    public var tasks: [String]?

    var test: String {
        switch kind {
        case .ratio:
            let range = [min.map { "≥ \(fmt($0))" }, max.map { "≤ \(fmt($0))" }].compactMap { $0 }.joined(separator: " and ")
            return "\(a.text)\(a.scale == 1 ? "" : "×\(fmt(a.scale))") / \(b!.text)\(b!.scale == 1 ? "" : "×\(fmt(b!.scale))") \(range)"
        case .better: return "\(a.text) beats \(b!.text)"
        case .close: return "|\(a.text) − \(b!.text)| ≤ \(fmt(within * 100))% of \(b!.text)"
        case .budget: return "methods training < \(fmt(below * 100))% within \(fmt(within * 100))% of full"
        }
    }
}

func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e6 ? String(Int(x)) : String(format: "%.3g", x) }

public enum Claims {
    /// Reads the claims file; errors name file:line:column (or the claim's id) and the valid choices.
    public static func load(_ path: String) throws -> [Claim] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SuiteError(location: path, message: "cannot read the claims file")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw SuiteError(location: "\(path):\(e.source.begin.line):\(e.source.begin.column)", message: e.description)
        }
        guard let list = root["claim"]?.array else { throw SuiteError(location: path, message: "expected [[claim]] entries") }
        let valid = ["id", "claim", "source", "note", "kind", "a", "b", "min", "max", "within", "below", "tasks"]
        return try list.enumerated().map { i, item in
            let at = "\(path): claim \(i + 1)"
            guard let t = item.table else { throw SuiteError(location: at, message: "each [[claim]] is a table") }
            for (key, _) in t where !valid.contains(key) {
                throw SuiteError(location: at, message: "unknown key '\(key)'; valid: \(valid.joined(separator: ", "))")
            }
            var c = Claim()
            c.id = t["id"]?.string ?? "claim \(i + 1)"
            c.claim = t["claim"]?.string ?? ""
            c.source = t["source"]?.string ?? ""
            c.note = t["note"]?.string ?? ""
            guard let kind = t["kind"]?.string.flatMap(Claim.Kind.init) else {
                throw SuiteError(location: "\(path): \(c.id)", message: "'kind' must be one of \(Claim.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.kind = kind
            func number(_ k: String) -> Double? { t[k]?.double ?? t[k]?.int.map(Double.init) }
            (c.min, c.max) = (number("min"), number("max"))
            c.within = number("within") ?? c.within
            c.below = number("below") ?? c.below
            c.tasks = t["tasks"]?.array?.compactMap(\.string)
            if kind != .budget {
                guard let a = t["a"]?.string, let b = t["b"]?.string else {
                    throw SuiteError(location: "\(path): \(c.id)", message: "a \(kind.rawValue) claim needs 'a' and 'b' (\"method [key=value …] [: column] [* scale]\")")
                }
                c.a = try operand(a, at: "\(path): \(c.id)")
                c.b = try operand(b, at: "\(path): \(c.id)")
            }
            if kind == .ratio && c.min == nil && c.max == nil {
                throw SuiteError(location: "\(path): \(c.id)", message: "a ratio claim needs 'min', 'max' or both")
            }
            return c
        }
    }

    /// "lora targets=all-linear : peak_train_bytes * 4" → method, sorted options, column, scale.
    static func operand(_ text: String, at: String) throws -> Claim.Operand {
        var rest = text, scale = 1.0, column = "value"
        if let star = rest.lastIndex(of: "*") {
            guard let s = Double(rest[rest.index(after: star)...].trimmingCharacters(in: .whitespaces)) else {
                throw SuiteError(location: at, message: "'\(text)': the scale after * must be a number")
            }
            (scale, rest) = (s, String(rest[..<star]))
        }
        if let colon = rest.lastIndex(of: ":") {
            column = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            rest = String(rest[..<colon])
            guard ResultRow.header.contains(column) else {
                throw SuiteError(location: at, message: "'\(text)': unknown column '\(column)'; valid: \(ResultRow.header.joined(separator: ", "))")
            }
        }
        let words = rest.split(separator: " ").map(String.init)
        guard let method = words.first else { throw SuiteError(location: at, message: "'\(text)': no method") }
        return .init(method: method, options: words.dropFirst().sorted().joined(separator: " "), column: column, scale: scale)
    }

    /// T4: each claim per task, with our numbers and a verdict.
    public static func table(_ claims: [Claim], _ results: Results) -> ReportTable {
        let tasks = results.tasks
        let rows = claims.map { c -> [String] in
            let cells = tasks.map { t -> (text: String, verdict: String?) in
                if let scope = c.tasks, !scope.contains(t) { return ("—", nil) }
                return check(c, task: t, results)
            }
            let verdicts = cells.compactMap(\.verdict)
            let reproduced = verdicts.filter { $0 == "reproduced" || $0 == "holds" }.count
            let judged = verdicts.filter { $0 != "no data" }.count
            let overall = judged == 0 ? "no data" : "holds on \(reproduced) of \(judged) task\(judged == 1 ? "" : "s")"
            return [c.claim, c.source, c.test] + cells.map(\.text) + [overall]
        }
        let seeds = Set(results.ok.map(\.seed)).count
        return ReportTable(name: "t4-claims", title: "T4. Survey claims checked against our measurements",
                           header: ["claim", "source", "our test"] + tasks + ["verdict"], rows: rows,
                           notes: ["Scale gap: our backbones have 0.2M (vit, denoiser) and 0.8M (lm) parameters, trained for minutes on a CPU; the claims come from models of 100M–175B parameters.",
                                   "A task cell gives the test's statistic (ratio, or a − b in the task's metric) and its verdict: reproduced = holds on every seed with ≥ 3 seeds; holds/fails = on the \(seeds == 1 ? "single seed available" : "seeds available") (fewer than 3); mixed = seeds disagree; no data = a run it needs is missing (run the suite named in the claim's note)."] +
                               claims.filter { !$0.note.isEmpty }.map { "\($0.claim): \($0.note)" })
    }

    /// The statistic and verdict of `c` on one task.
    static func check(_ c: Claim, task: String, _ results: Results) -> (text: String, verdict: String?) {
        let higher = Results.higherIsBetter(task)
        func bySeed(_ o: Claim.Operand) -> [String: Double] {
            var out: [String: Double] = [:]
            for r in results.ok where r.task == task && r.method == o.method && r.options.split(separator: " ").sorted().joined(separator: " ") == o.options {
                if let v = r.number(o.column) { out[r.seed] = v * o.scale }
            }
            return out
        }
        var stats: [Double] = [], holds: [Bool] = []
        switch c.kind {
        case .budget:
            let full = bySeed(.init(method: "full", options: "", column: "value", scale: 1))
            var small: [String] = [], close = 0
            for m in results.methods where m != "full" {
                let rows = results.ok.filter { $0.task == task && $0.method == m && $0.options.isEmpty }
                guard let r = rows.first, let n = r.number("trainable_params"), let total = r.number("total_params"), n / total < c.below else { continue }
                let diffs = rows.compactMap { r in full[r.seed].map { (higher ? r.value - $0 : $0 - r.value, $0) } }
                guard !diffs.isEmpty else { continue }
                small.append(m)
                if diffs.allSatisfy({ abs($0.0) <= c.within * abs($0.1) || $0.0 > 0 }) { close += 1 }
            }
            guard !small.isEmpty else { return ("no data", "no data") }
            let ok = 2 * close > small.count
            return ("\(close) of \(small.count) within; \(ok ? "holds" : "fails")", ok ? "holds" : "fails")
        case .ratio, .better, .close:
            let (a, b) = (bySeed(c.a), bySeed(c.b!))
            for seed in Set(a.keys).intersection(b.keys).sorted() {
                let (x, y) = (a[seed]!, b[seed]!)
                switch c.kind {
                case .ratio:
                    let r = x / y
                    stats.append(r)
                    holds.append((c.min.map { r >= $0 } ?? true) && (c.max.map { r <= $0 } ?? true))
                case .better:
                    stats.append(x - y)
                    holds.append(higher ? x > y : x < y)
                default:
                    stats.append(x - y)
                    holds.append(abs(x - y) <= c.within * abs(y))
                }
            }
        }
        guard !stats.isEmpty else { return ("no data", "no data") }
        let s = Stats(stats)
        let value = c.kind == .ratio ? "\(String(format: "%.3g", s.mean))×" : (s.mean >= 0 ? "+" : "") + String(format: "%.3g", s.mean)
        let spread = s.count > 1 ? " ± \(String(format: "%.2g", s.std))" : ""
        let k = holds.filter { $0 }.count
        let verdict = k == holds.count ? (holds.count >= 3 ? "reproduced" : "holds")
                    : k == 0 ? (holds.count >= 3 ? "not reproduced" : "fails") : "mixed"
        return ("\(value)\(spread) (\(holds.count) seed\(holds.count == 1 ? "" : "s")): \(verdict == "mixed" ? "mixed \(k)/\(holds.count)" : verdict)", verdict)
    }
}
