// The README's generated blocks besides the headline table, so the front page cannot drift from
// the registry or the CSVs: the methods by family (from the registry) and, per task, what the
// published rows say in numbers (rank group 1's size, full fine-tuning, the best and the lowest
// methods, the methods' spread against seed noise), with the claims' verdicts counted.

import PEFT

extension Docs {
    /// Every registered method by family, as a table.
    public static func methodsByFamily() -> String {
        var out = "| family | methods |\n|---|---|\n"
        for family in Family.allCases {
            let names = allMethods.filter { $0.family == family }.map { "`\($0.name)`" }
            if !names.isEmpty { out += "| \(family.rawValue) | \(names.joined(separator: ", ")) |\n" }
        }
        return out + "\n\(allMethods.count) methods in all.\n"
    }

    /// One bullet per task and one for T4.
    public static func findings(_ results: Results, claims: [Claim]) -> String {
        let t = SurveyTables(results)
        let groups = t.groups
        var out = ""
        for task in t.tasks {
            let higher = Results.higherIsBetter(task)
            let means = t.results.methods.compactMap { m -> (String, Stats)? in
                let v = t.values(task, m)
                return v.isEmpty ? nil : (m, Stats(v))
            }.sorted { higher ? $0.1.mean > $1.1.mean : $0.1.mean < $1.1.mean }
            guard means.count >= 2 else { continue }
            let cell = { (m: String, s: Stats) in
                "`\(m)` \(num(s.mean))" + (Statistics.ci95(s).map { " ± \(num($0))" } ?? "")
            }
            let first = (groups[task] ?? [:]).filter { $0.value == 1 }.count
            let full = means.first { $0.0 == "full" }
            let best = means.first { $0.0 != "full" }!
            let lowest = means.filter { $0.0 != "full" && $0.0 != best.0 }.suffix(3).reversed().map { cell($0.0, $0.1) }
            let seedSDs = means.filter { $0.1.count >= 2 }.map { $0.1.std }
            let spread = Stats(means.map { $0.1.mean }).std
            out +=
                "- **\(task)** (\(t.metricName(task)) \(higher ? "↑" : "↓"), \(means.count) methods): \(first) in rank group 1"
                + (full.map { "; \(cell($0.0, $0.1))" } ?? "") + "; the best other \(cell(best.0, best.1))"
                + (lowest.isEmpty ? "" : "; the lowest " + lowest.joined(separator: ", ")) + "."
                + (seedSDs.isEmpty
                    ? ""
                    : " The methods' means spread \(num(spread)) (SD) against a median seed SD of \(num(median(seedSDs))): "
                        + (spread > 3 * median(seedSDs) ? "well beyond seed noise" : "not far beyond seed noise") + ".")
                + "\n"
        }
        let test = results.on(.test)  // once, not per claim and task
        let verdicts = claims.flatMap { c in
            t.tasks.filter { c.tasks?.contains($0) ?? true }.compactMap { Claims.check(c, task: $0, test).verdict }
        }
        let count = { (v: [String]) in verdicts.filter(v.contains).count }
        let seeds = Set(test.ok.map(\.seed)).count
        out +=
            "- **The survey claims (T4)**: \(claims.count) claim\(claims.count == 1 ? "" : "s"), \(verdicts.count) claim × task tests: "
            + "\(count(["reproduced", "holds"])) reproduced, \(count(["not reproduced", "fails"])) not reproduced, "
            + "\(count(["inconclusive"])) inconclusive at \(seeds) seed\(seeds == 1 ? "" : "s"), \(count(["no data"])) without data.\n"
        return out
    }
}
