// `peftbench merge A.csv B.csv … --out ALL.csv`: combines result CSVs (from shards, machines or
// separate ablations). A run recorded more than once keeps its last `ok` row.

import ArgumentParser
import Bench

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Combine result CSVs with the same header.")

    @Argument(help: "Result CSVs, in order.")
    var inputs: [String]

    @Option(help: "The merged CSV.")
    var out: String

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one CSV to merge") }
        guard !inputs.contains(out) else { throw ValidationError("--out must not be one of the inputs") }
    }

    func run() throws {
        let (runs, rows) = try CSV.merge(inputs, into: out, header: ResultRow.header)
        print("merged \(rows) rows of \(inputs.count) files into \(runs) runs: \(out)")
    }
}
