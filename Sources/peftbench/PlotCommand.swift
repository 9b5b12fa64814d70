// `peftbench plot [CSV…] --out plots`: gnuplot charts from result CSVs, no training. Each suite's
// CSV (results/<suite>.csv) gives its own charts, named <suite>-<task>-<chart>.{gp,png,svg}.

import ArgumentParser
import Bench
import Foundation

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw trade-off, ablation and loss-curve charts from result CSVs with gnuplot.")

    @Argument(help: "Result CSVs (default: every suite CSV in results/).")
    var csvs: [String] = []

    @Option(help: "Where the .gp scripts, PNGs and SVGs go.")
    var out = "plots"

    func run() throws {
        let inputs = csvs.isEmpty ? Reports.suiteCSVs(in: "results") : csvs
        guard !inputs.isEmpty else {
            throw CLIError("no result CSVs in results/; run a suite first (peftbench run suites/full.toml)")
        }
        for (path, suite, n) in try Reports.drawCharts(inputs, out: out) {
            print("\(path): \(n) charts → \(out)/\(suite)-*.{gp,png,svg}")
        }
    }
}
