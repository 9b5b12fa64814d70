// `peftbench tune SUITE`: the learning-rate search. Runs the suite's `[tune]` grid like `run`
// (same options: resume, --jobs, --shard) on the validation split, extends it half a decade at a
// time where a winner is at an edge (`[tune] extend`), then writes the chosen rates
// (Bench/Suite/Tuning.swift) to --out, which `peftbench run` reads by default.

import ArgumentParser
import Bench
import Foundation

enum LearningRateDefaults {
    /// The published rates (committed, chosen by the project's search in published/tune.csv).
    static let published = "suites/tuned-lr.toml"
    /// Your own search's rates, written by `peftbench tune` beside your results.
    static func own(results: String) -> String { "\(results)/tuned-lr.toml" }
    /// What `run` reads by default: your own rates if you searched, else the published ones.
    static func file(results: String) -> String? {
        [own(results: results), published].first { FileManager.default.fileExists(atPath: $0) }
    }
}

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search each method's learning rate on the validation split; write the chosen rates for `run`.")

    @OptionGroup var suiteRun: RunCommand

    @Option(
        help:
            "Where to write the chosen rates (default: <results>/tuned-lr.toml, which `run` then prefers to the published suites/tuned-lr.toml)."
    )
    var out: String?

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
            print(
                "shard \(shard.index)/\(shard.count) done; after every shard: peftbench merge …, then peftbench tune \(suiteRun.suite) --select-only --csv MERGED"
            )
            return
        }
        func choose() throws -> [RateChoice] {
            LearningRateSelection.choose(
                try Results.load([paths.csv]), suite: suite.name, gridSize: suite.tune?.factors.count ?? 1,
                seeds: suite.seeds.count)
        }
        var choices = try choose()
        // A winner at an edge of what was searched: half a decade further, until it is inside
        // or `[tune] extend` is reached (the selected runs' labels only).
        let labels = Set(try suiteRun.plan(suite).runs.map { "\($0.task)\t\($0.spec.label)" })
        var tried = Set<String>()
        while !selectOnly {
            let next = suite.searchExtensions(choices, labels: labels)
            // A round that would repeat one already run recorded nothing new: stop, never loop.
            let round = next.map { "\($0.factor) \($0.only)" }
            if next.isEmpty || !tried.isDisjoint(with: round) { break }
            tried.formUnion(round)
            for (factor, only) in next {
                print("extending the search to ×\(factor) for \(only.count) labels at an edge")
                var extra = suiteRun
                extra.only = only
                extra.overrides.append("tune.factors=[\(factor)]")
                try extra.run()
            }
            choices = try choose()
        }
        guard !choices.isEmpty else {
            throw CLIError("\(paths.csv) records no grid run of \(suite.name) to choose from")
        }
        let command = "peftbench tune \(suiteRun.suite)"
        let out = self.out ?? LearningRateDefaults.own(results: suiteRun.results)
        try writeAtomically(
            Data(LearningRateSelection.file(choices, command: command, seeds: suite.seeds.map(String.init)).utf8),
            to: out)
        let edges = choices.filter(\.atEdge).map { "\($0.task)/\($0.label)" }
        let incomplete = choices.filter { !$0.complete }.count
        print("chose \(choices.filter { $0.chosen != nil }.count) rates of \(choices.count) → \(out)")
        if incomplete > 0 {
            print("\(incomplete) searches are incomplete (no choice yet): rerun the same command to finish them")
        }
        if !edges.isEmpty {
            print(
                "at an edge of what was searched (beyond [tune] extend, or not selected): \(edges.joined(separator: ", "))"
            )
        }
    }
}
