// `peftbench compare [MINE.csv] --published published/full.csv`: your run of a suite against the
// published one, per task and method (Bench/Report/Comparison.swift).

import ArgumentParser
import Bench

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Compare your result CSV with the published one, method by method.")

    @Argument(help: "Your result CSV.")
    var mine = "results/full.csv"

    @Option(help: "The published result CSV it reproduces.")
    var published = "published/full.csv"

    @Option(help: "Where compare.{md,tex,csv} go.")
    var out = "results/tables"

    func run() throws {
        let table = Comparison.table(mine: try Results.load([mine]), published: try Results.load([published]))
        try table.write(into: out)
        print(table.markdown)
        print("→ \(out)/compare.{md,tex,csv}")
    }
}
