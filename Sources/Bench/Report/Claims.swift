// T4: the surveys' headline claims, checked against our rows. Each claim is data (suites/
// claims.toml): a test kind and the runs it compares, named "method [options] [: column]".
//   ratio   a / b within [min, max]               e.g. full : peak_train_bytes over lora's
//           (b / a on the metric of a lower-is-better task, so ≥ 1 means a is as good)
//   better  a's metric beats b's                  (direction from the task's metric)
//   close   |a − b| ≤ within × |b|                 on the metric
//   budget  methods training < `below` of the parameters (default options) come within
//           `within` of full fine-tuning; holds when more than half of them do
//   spread  the means of `methods` lie within `within` of the best of them
// A test is made per task and seed (a and b paired by seed), and judged on the 95% confidence
// interval of the per-seed statistic (Student t, docs/PROTOCOL.md): "reproduced" when the whole
// interval satisfies the test, "not reproduced" when none of it does, "inconclusive" otherwise;
// with one seed a test only "holds" or "fails"; "no data" when a run is missing. A second
// verdict per claim comes from the learning-rate search's validation runs, at each method's
// default rate and at its tuned one, to show whether tuning changed it.

import Foundation
import TOMLKit

public struct Claim: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case ratio, better, close, budget, spread }
    public struct Operand: Sendable {
        var method: String, options: String, column: String, scale: Double
        var text: String { "\(method)\(options.isEmpty ? "" : " \(options)")\(column == "value" ? "" : ":\(column)")" }
    }
    public var id = "", claim = "", source = "", note = ""
    public var kind = Kind.ratio
    public var a = Operand(method: "", options: "", column: "value", scale: 1), b: Operand?
    public var min: Double?, max: Double?, within = 0.01, below = 0.01
    public var tasks: [String]?
    public var methods: [String] = []  // spread

    var test: String {
        switch kind {
        case .ratio:
            let range = [min.map { "≥ \(fmt($0))" }, max.map { "≤ \(fmt($0))" }].compactMap { $0 }.joined(
                separator: " and ")
            return
                "\(a.text)\(a.scale == 1 ? "" : "×\(fmt(a.scale))") / \(b!.text)\(b!.scale == 1 ? "" : "×\(fmt(b!.scale))") \(range)"
        case .better: return "\(a.text) beats \(b!.text)"
        case .close: return "|\(a.text) − \(b!.text)| ≤ \(fmt(within * 100))% of \(b!.text)"
        case .budget: return "methods training < \(fmt(below * 100))% within \(fmt(within * 100))% of full"
        case .spread: return "\(methods.joined(separator: ", ")) within \(fmt(within * 100))% of the best"
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
        return try parse(text, path: path)
    }

    /// Parses a claims file's text; `path` is only used in error messages.
    public static func parse(_ text: String, path: String) throws -> [Claim] {
        let root = try parseTOML(text, file: path)
        guard let list = root["claim"]?.array else {
            throw SuiteError(location: path, message: "expected [[claim]] entries")
        }
        let valid = [
            "id", "claim", "source", "note", "kind", "a", "b", "min", "max", "within", "below", "tasks", "methods",
        ]
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
                throw SuiteError(
                    location: "\(path): \(c.id)",
                    message: "'kind' must be one of \(Claim.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.kind = kind
            func number(_ k: String) -> Double? { t[k]?.double ?? t[k]?.int.map(Double.init) }
            (c.min, c.max) = (number("min"), number("max"))
            c.within = number("within") ?? c.within
            c.below = number("below") ?? c.below
            c.tasks = t["tasks"]?.array?.compactMap(\.string)
            c.methods = t["methods"]?.array?.compactMap(\.string) ?? []
            if kind == .spread && c.methods.count < 2 {
                throw SuiteError(
                    location: "\(path): \(c.id)", message: "a spread claim needs 'methods', a list of at least two")
            }
            if kind != .budget && kind != .spread {
                guard let a = t["a"]?.string, let b = t["b"]?.string else {
                    throw SuiteError(
                        location: "\(path): \(c.id)",
                        message:
                            "a \(kind.rawValue) claim needs 'a' and 'b' (\"method [key=value …] [: column] [* scale]\")"
                    )
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
                throw SuiteError(
                    location: at,
                    message: "'\(text)': unknown column '\(column)'; valid: \(ResultRow.header.joined(separator: ", "))"
                )
            }
        }
        let words = rest.split(separator: " ").map(String.init)
        guard let method = words.first else { throw SuiteError(location: at, message: "'\(text)': no method") }
        return .init(
            method: method, options: words.dropFirst().sorted().joined(separator: " "), column: column, scale: scale)
    }

    /// T4: each claim per task, with our numbers and a verdict; with `search` (the validation
    /// runs of the learning-rate search at the default and at the tuned rates), whether tuning
    /// changed the verdict.
    public static func table(_ claims: [Claim], _ results: Results, search: (untuned: Results, tuned: Results)? = nil)
        -> ReportTable
    {
        let results = results.on(.test)
        let tasks = results.tasks
        func overall(_ c: Claim, _ r: Results) -> String {
            let verdicts = tasks.compactMap { t -> String? in
                if let scope = c.tasks, !scope.contains(t) { return nil }
                return check(c, task: t, r).verdict
            }
            let good = verdicts.filter { $0 == "reproduced" || $0 == "holds" }.count
            let judged = verdicts.filter { $0 != "no data" }.count
            return judged == 0 ? "no data" : "holds on \(good) of \(judged)"
        }
        let rows = claims.map { c -> [String] in
            let cells = tasks.map { t -> String in
                if let scope = c.tasks, !scope.contains(t) { return "—" }
                return check(c, task: t, results).text
            }
            var row = [c.claim, c.source, c.test] + cells + [overall(c, results)]
            if let search {
                let (before, after) = (overall(c, search.untuned), overall(c, search.tuned))
                row.append(before == after ? "\(after) (unchanged)" : "\(before) → \(after) (changed)")
            }
            return row
        }
        let seeds = Set(results.ok.map(\.seed)).count
        return ReportTable(
            name: "t4-claims", title: "T4. Survey claims checked against our measurements (test split)",
            header: ["claim", "source", "our test"] + tasks + ["verdict"]
                + (search == nil ? [] : ["default → tuned rates (search)"]),
            rows: rows,
            notes: [
                "Scale gap: our backbones have 0.2M (vit, denoiser) and 0.8M (lm) parameters, trained for minutes on a CPU; the claims come from models of 100M–175B parameters.",
                "A task cell gives the test's statistic over seeds (ratio, or a − b in the task's metric; a quality ratio on a lower-is-better metric is b / a) with its 95% CI (Student t, \(seeds) seed\(seeds == 1 ? "" : "s") here) and a verdict: reproduced = the whole interval satisfies the test; not reproduced = none of it does; inconclusive = it straddles the threshold; holds/fails = one seed only; no data = a run it needs is missing.",
                "spread: reproduced when (best − worst mean) ≤ within × |best|; not reproduced when it is larger and the worst is significantly worse than the best (one-sided Welch); else inconclusive.",
            ]
                + (search == nil
                    ? []
                    : [
                        "default → tuned rates: the same claims on the learning-rate search's validation runs (selection seed), once at every method's default rate and once at its tuned rate; \"changed\" marks a verdict that tuning moved."
                    ])
                + claims.filter { !$0.note.isEmpty }.map { "\($0.claim): \($0.note)" })
    }

    /// The statistic and verdict of `c` on one task.
    static func check(_ c: Claim, task: String, _ results: Results) -> (text: String, verdict: String?) {
        let higher = Results.higherIsBetter(task)
        func bySeed(_ o: Claim.Operand) -> [String: Double] {
            var out: [String: Double] = [:]
            for r in results.ok
            where r.task == task && r.method == o.method
                && r.options.split(separator: " ").sorted().joined(separator: " ") == o.options
            {
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
                guard let r = rows.first, let n = r.number("trainable_params"), let total = r.number("total_params"),
                    n / total < c.below
                else { continue }
                let diffs = rows.compactMap { r in full[r.seed].map { (higher ? r.value - $0 : $0 - r.value, $0) } }
                guard !diffs.isEmpty else { continue }
                small.append(m)
                if diffs.allSatisfy({ abs($0.0) <= c.within * abs($0.1) || $0.0 > 0 }) { close += 1 }
            }
            guard !small.isEmpty else { return ("no data", "no data") }
            let ok = 2 * close > small.count
            return ("\(close) of \(small.count) within; \(ok ? "holds" : "fails")", ok ? "holds" : "fails")
        case .spread:
            let sign = higher ? 1.0 : -1.0
            let per = c.methods.compactMap { m -> (String, Stats)? in
                let v = bySeed(.init(method: m, options: "", column: "value", scale: 1)).values.map { $0 * sign }
                return v.isEmpty ? nil : (m, Stats(Array(v)))
            }.sorted { $0.1.mean > $1.1.mean }
            guard per.count >= 2, let best = per.first, let worst = per.last else { return ("no data", "no data") }
            let range = (best.1.mean - worst.1.mean) / abs(best.1.mean)
            let text = "\(String(format: "%.2g", range * 100))% (\(best.0) → \(worst.0), \(per.count) methods)"
            if range <= c.within {
                return (
                    "\(text): \(best.1.count >= 2 ? "reproduced" : "holds")", best.1.count >= 2 ? "reproduced" : "holds"
                )
            }
            guard let p = Statistics.welchWorse(best: best.1, worse: worst.1) else {
                return ("\(text): fails", "fails")
            }
            let verdict = p < 0.05 ? "not reproduced" : "inconclusive"
            return ("\(text): \(verdict)", verdict)
        case .ratio, .better, .close:
            let (a, b) = (bySeed(c.a), bySeed(c.b!))
            for seed in Set(a.keys).intersection(b.keys).sorted() {
                let (x, y) = (a[seed]!, b[seed]!)
                switch c.kind {
                case .ratio:
                    // On the metric of a lower-is-better task (Fréchet) the ratio is b / a, so
                    // ≥ 1 still means a is at least as good as b.
                    let quality = c.a.column == "value" && c.b!.column == "value" && !higher
                    let r = quality ? y / x : x / y
                    stats.append(r)
                    holds.append((c.min.map { r >= $0 } ?? true) && (c.max.map { r <= $0 } ?? true))
                case .better:
                    stats.append(x - y)
                    holds.append(higher ? x > y : x < y)
                default:
                    let relative = (x - y) / abs(y)
                    stats.append(relative)
                    holds.append(abs(relative) <= c.within)
                }
            }
        }
        guard !stats.isEmpty else { return ("no data", "no data") }
        let s = Stats(stats)
        let value =
            c.kind == .ratio
            ? "\(String(format: "%.3g", s.mean))×" : (s.mean >= 0 ? "+" : "") + String(format: "%.3g", s.mean)
        guard let half = Statistics.ci95(s) else {
            let verdict = holds.allSatisfy { $0 } ? "holds" : "fails"
            return ("\(value) (1 seed): \(verdict)", verdict)
        }
        // The test on an interval: all of it inside the accepted region, none of it, or part.
        let (lo, hi) = (s.mean - half, s.mean + half)
        let inside: (Double) -> Bool
        switch c.kind {
        case .ratio: inside = { x in (c.min.map { x >= $0 } ?? true) && (c.max.map { x <= $0 } ?? true) }
        case .better: inside = { x in higher ? x > 0 : x < 0 }
        default: inside = { x in abs(x) <= c.within }  // close: the statistic is (a − b)/|b|
        }
        let region =
            c.kind == .close ? [c.within, -c.within] : c.kind == .better ? [0] : [c.min, c.max].compactMap { $0 }
        let straddles = region.contains { $0 > lo && $0 < hi }
        let verdict = straddles ? "inconclusive" : inside(s.mean) ? "reproduced" : "not reproduced"
        let ci =
            c.kind == .ratio
            ? "[\(String(format: "%.3g", lo)), \(String(format: "%.3g", hi))]"
            : "± \(String(format: "%.2g", half))"
        return ("\(value) \(ci) (\(holds.count) seeds): \(verdict)", verdict)
    }
}
