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
        let inputs = csvs.isEmpty ? try suiteCSVs(in: "results") : csvs
        guard !inputs.isEmpty else {
            throw CLIError("no result CSVs in results/; run a suite first (peftbench run suites/full.toml)")
        }
        for path in inputs {
            let results = try Results.load([path])
            let suite = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let curves = SuitePaths.curves(
                results: URL(fileURLWithPath: path).deletingLastPathComponent().path, suite: suite)
            let charts = Charts.all(
                results, suite: suite, curves: FileManager.default.fileExists(atPath: curves) ? curves : nil)
            try Charts.render(charts, into: out)
            print("\(path): \(charts.count) charts → \(out)/\(suite)-*.{gp,png,svg}")
        }
    }
}

/// The suite CSVs in a results folder (not the step benchmark's, which have their own schema).
func suiteCSVs(in directory: String) throws -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".csv") && !$0.hasPrefix("bench") && !$0.contains(".shard-") }.sorted().map {
        "\(directory)/\($0)"
    }
}
