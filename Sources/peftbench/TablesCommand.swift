// `peftbench tables [CSV…] --out results/tables`: the survey tables T1–T4 from result CSVs, no
// training, each as Markdown, LaTeX and CSV. T1–T4 read the test-split rows; the learning-rate
// search's validation rows (results/tune.csv) only feed T4's "default → tuned" column.

import ArgumentParser
import Bench

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Regenerate the survey tables (T1 methods, T2 quality, T3 cost, T4 claims) from result CSVs.")

    @Argument(help: "Result CSVs, merged (default: every suite CSV in results/).")
    var csvs: [String] = []

    @Option(help: "The claims file for T4.")
    var claims = "suites/claims.toml"

    @Option(help: "Where the .md, .tex and .csv files go.")
    var out = "results/tables"

    func run() throws {
        let inputs = csvs.isEmpty ? Reports.suiteCSVs(in: "results") : csvs
        guard !inputs.isEmpty else {
            throw CLIError("no result CSVs in results/; run a suite first (peftbench run suites/full.toml)")
        }
        let (tables, results) = try Reports.writeTables(inputs, claims: claims, out: out)
        if results.droppedSmokeRows > 0 {
            print("left out \(results.droppedSmokeRows) smoke rows (capped evaluation) beside the full ones")
        }
        print(
            "\(tables.count) tables from \(inputs.joined(separator: ", ")) (\(results.ok.count) ok runs) → \(out)/{\(tables.map(\.name).joined(separator: ","))}.{md,tex,csv}"
        )
    }
}
