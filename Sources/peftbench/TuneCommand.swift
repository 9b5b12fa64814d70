// `peftbench tune SUITE`: the learning-rate search. Runs the suite's `[tune]` grid like `run`
// (same options: resume, --jobs, --shard) on the validation split, then writes the chosen rates
// (Bench/Suite/Tuning.swift) to --out, which `peftbench run` reads by default.

import ArgumentParser
import Bench
import Foundation

enum LearningRateDefaults {
    /// Where `tune` writes and `run` reads the tuned rates.
    static let file = "suites/tuned-lr.toml"
}

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search each method's learning rate on the validation split; write the chosen rates for `run`.")

    @OptionGroup var suiteRun: RunCommand

    @Option(help: "Where to write the chosen rates.")
    var out = LearningRateDefaults.file

    @Flag(help: "Do not run: choose from the CSV already recorded (e.g. after merging shards).")
    var selectOnly = false

    func run() throws {
        let suite = try suiteRun.loadSuite()
        guard suite.tune != nil else {
            throw CLIError("\(suiteRun.suitePath) has no [tune] table; a search needs one (see suites/tune.toml)")
        }
        if !selectOnly { try suiteRun.run() }
        let (_, paths, shard) = try suiteRun.plan(suite)
        guard suiteRun.workerQueue == nil, !suiteRun.dryRun else { return }
        guard shard.count == 1 || selectOnly else {
            print("shard \(shard.index)/\(shard.count) done; after every shard: peftbench merge …, then peftbench tune \(suiteRun.suite) --select-only --csv MERGED")
            return
        }
        let choices = LearningRateSelection.choose(try Results.load([paths.csv]))
        guard !choices.isEmpty else { throw CLIError("\(paths.csv) records no grid run of \(suite.name) to choose from") }
        let command = "peftbench tune \(suiteRun.suite)"
        try LearningRateSelection.file(choices, command: command, seeds: suite.seeds.map(String.init))
            .write(toFile: out, atomically: true, encoding: .utf8)
        let edges = choices.filter(\.atEdge).map { "\($0.task)/\($0.label)" }
        print("chose \(choices.filter { $0.chosen != nil }.count) rates of \(choices.count) → \(out)")
        if !edges.isEmpty { print("at an edge of the grid (extend [tune] factors): \(edges.joined(separator: ", "))") }
    }
}
