// A user's own run of a suite against the published one (published/<suite>.csv): per task and
// method, both means with their 95% CIs over seeds, the difference, and whether the two agree
// (two-sided Welch t-test over seeds, α = 0.05), plus the machines' speed ratio. This is how
// someone who reran the main job on their machine sees whether they reproduced our numbers.

import Foundation
import PEFT

public enum Comparison {
    public static func table(mine: Results, published: Results) -> ReportTable {
        let (a, b) = (SurveyTables(mine), SurveyTables(published))
        var rows: [[String]] = [], agree = 0, judged = 0
        var speed: [Double] = []
        for task in b.tasks {
            for method in published.methods {
                let (p, m) = (b.values(task, method), a.values(task, method))
                guard !p.isEmpty else { continue }
                let (ps, ms) = (Stats(p), Stats(m))
                func cell(_ s: Stats) -> String {
                    s.count == 0
                        ? "—" : num(s.mean) + (Statistics.ci95(s).map { " ± \(num($0))" } ?? "") + " (n=\(s.count))"
                }
                var verdict = m.isEmpty ? "not run" : "—"
                if let one = Statistics.welchWorse(best: ms, worse: ps),
                    let other = Statistics.welchWorse(best: ps, worse: ms)
                {
                    let p = min(1, 2 * min(one, other))
                    verdict = p < 0.05 ? "differs (p = \(String(format: "%.2g", p)))" : "agrees"
                    judged += 1
                    if p >= 0.05 { agree += 1 }
                }
                if let x = a.med(task, method, "step_ms"), let y = b.med(task, method, "step_ms"), y > 0 {
                    speed.append(x / y)
                }
                rows.append([task, method, cell(ps), cell(ms), m.isEmpty ? "—" : num(ms.mean - ps.mean), verdict])
            }
        }
        return ReportTable(
            name: "compare", title: "Your results against the published ones (test split, mean ± 95% CI over seeds)",
            header: ["task", "method", "published", "yours", "yours − published", "verdict"], rows: rows,
            notes: [
                "\(agree) of \(judged) task × method cells agree (two-sided Welch t-test over seeds, α = 0.05; with 5% false alarms expected per cell, a few \"differs\" are noise).",
                speed.isEmpty
                    ? "No step times to compare."
                    : String(
                        format:
                            "Your machine's training step takes %.2f× the published machine's (median over methods).",
                        median(speed)),
                "Published: \(published.files.joined(separator: ", ")); yours: \(mine.files.joined(separator: ", ")).",
            ])
    }
}
