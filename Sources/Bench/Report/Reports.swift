// What `tables`, `plot` and `run --report` share: the suite CSVs of a results folder, the survey
// tables T1–T4 written as Markdown, LaTeX and CSV, and every suite's charts. The commands only
// parse their arguments and print what these return.

import Foundation

public enum Reports {
    /// The suite CSVs in a results folder (not the step benchmark's, which have their own schema,
    /// nor a shard's piece).
    public static func suiteCSVs(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".csv") && !$0.hasPrefix("bench") && !$0.contains(".shard-") }.sorted()
            .map { "\(directory)/\($0)" }
    }

    /// T1–T4 from `csvs` (merged) into `out`, T4 from the claims file; a search's validation rows
    /// feed only T4's "default → tuned" column.
    public static func writeTables(_ csvs: [String], claims: String, out: String) throws -> (
        tables: [ReportTable], results: Results
    ) {
        let results = try Results.load(csvs)
        let tables = self.tables(results, claims: try Claims.load(claims))
        for t in tables { try t.write(into: out) }
        return (tables, results)
    }

    /// T1–T4 of `results`, T4 from `claims`.
    public static func tables(_ results: Results, claims: [Claim]) -> [ReportTable] {
        SurveyTables(results).all + [
            Claims.table(claims, results, search: LearningRateSelection.searchViews(results))
        ]
    }

    /// Each CSV's charts (named after its suite, with its loss curves when they are beside it)
    /// drawn into `out`: (csv, suite, number of charts) per file.
    public static func drawCharts(_ csvs: [String], out: String) throws -> [(csv: String, suite: String, charts: Int)] {
        try csvs.map { path in
            let results = try Results.load([path])
            let suite = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let curves = SuitePaths.curves(
                results: URL(fileURLWithPath: path).deletingLastPathComponent().path, suite: suite)
            let charts = Charts.all(
                results, suite: suite, curves: FileManager.default.fileExists(atPath: curves) ? curves : nil)
            try Charts.render(charts, into: out)
            return (path, suite, charts.count)
        }
    }
}
