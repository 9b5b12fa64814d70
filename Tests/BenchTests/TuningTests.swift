// The learning-rate search: the grid a [tune] suite expands to, the choice from validation rows,
// the rates file it writes and reads back, and how runs pick up tuned rates.

@testable import Bench
import Foundation
import PEFT
import Tasks
import Testing

@Suite struct TuningTests {
    func suite(_ text: String) throws -> Suite { try SuiteFile.parse(text, file: "t.toml", name: "t") }

    @Test func aTuneSuiteRunsEveryRateOnValidation() throws {
        let s = try suite(
            "tasks = [\"digits\"]\nmethods = [\"full\", \"lora\"]\nseeds = [100]\n[tune]\nfactors = [1, 0.1, 10, 10]\n")
        let runs = s.runs()
        #expect(s.tune?.factors == [0.1, 1, 10], "sorted, each once")
        #expect(runs.count == 2 * 3)
        let lora = runs.filter { $0.spec.method == "lora" }
        // lora's default: digits' 2e-3 × lrScale 5 = 1e-2; the grid is 1e-3, 1e-2, 1e-1.
        #expect(
            lora.map(\.id) == [
                "digits/lora/default/lr=0.001/seed100", "digits/lora/default/lr=0.01/seed100",
                "digits/lora/default/lr=0.1/seed100",
            ])
        let spec = try s.resolved(lora[2])
        #expect(spec.split == .validation && abs(spec.lr! - 0.1) < 1e-7 && spec.training.steps == 300)
        #expect(spec.lrSource == "grid ×10", "\(spec.lrSource)")
        #expect(abs(try s.resolved(runs[0]).lr! - 2e-4) < 1e-9, "full: 2e-3 × 0.1")
    }

    /// Validation rows of a search: the best mean wins, diverged rates never do, a tie keeps the
    /// smaller rate, and the rates file reads back as the same choices.
    @Test func theChoiceAndItsFile() throws {
        func r(_ method: String, _ lr: String, _ value: Double, status: String = "ok", task: String = "digits")
            -> [String: String]
        {
            row(
                task, method, seed: 100, value: value,
                [
                    "split": "validation", "lr": lr, "lr_source": "grid ×1", "status": status,
                    "run": "\(task)/\(method)/default/lr=\(lr)/seed100",
                ])
        }
        let data = try results([
            r("lora", "0.001", 0.8), r("lora", "0.01", 0.9), r("lora", "0.1", 0.95, status: "diverged"),
            r("full", "0.0002", 0.7), r("full", "0.002", 0.7), r("full", "0.02", 0.6),
            r("lora", "0.001", 30, task: "digits-ddpm"), r("lora", "0.01", 20, task: "digits-ddpm"),
            r("lora", "0.1", 25, task: "digits-ddpm"),
            row("digits", "bitfit", value: 0.99),
        ])  // a test row: not part of the search
        let choices = LearningRateSelection.choose(data)
        #expect(
            choices.map { "\($0.task) \($0.label) \($0.chosen.map { "\($0)" } ?? "-")" }
                == ["digits full 0.0002", "digits lora 0.01", "digits-ddpm lora 0.01"])
        #expect(!choices[0].atEdge && !choices[1].atEdge, "full ties at its low end (a plateau); lora is inside")
        #expect(choices[2].scores.count == 3 && !choices[2].atEdge)
        let partial = LearningRateSelection.choose(data, gridSize: 4)
        #expect(
            LearningRateSelection.choose(data, seeds: 2).allSatisfy { !$0.complete }, "one seed of two at each rate")
        #expect(LearningRateSelection.choose(data, suite: "other").isEmpty, "another suite's search is never mixed in")
        #expect(
            partial.allSatisfy { $0.chosen == nil && !$0.complete }, "a search with 3 of 4 rates chooses nothing yet")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rates-\(UUID()).toml").path
        try LearningRateSelection.file(choices, command: "peftbench tune t", seeds: ["100"]).write(
            toFile: path, atomically: true, encoding: .utf8)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("lora = 0.01  # accuracy: 0.001 0.8000 | 0.01 0.9000* | 0.1 div"), "\(text)")
        let rates = try LearningRates.load(path)
        #expect(
            rates.rates["digits"] == ["full": 0.0002, "lora": 0.01] && rates.rates["digits-ddpm"] == ["lora": 0.01])
        #expect(rates.source.hasPrefix(path + "@") && rates.source.count == path.count + 9)
        // A hostile label or metric from a CSV cannot add a line or a table to the rates file.
        var hostile = choices[1]
        hostile.label = "lora r=\"1\"\n[digits]\nfull = 0.9"
        hostile.metric = "acc\n[digits]"
        let text2 = LearningRateSelection.file([hostile], command: "t", seeds: ["1"])
        #expect(text2.components(separatedBy: "\n").filter { $0.hasPrefix("[") } == ["[digits]"], "\(text2)")
        #expect(text2.contains(#""lora r=\"1\"\u000A[digits]\u000Afull = 0.9" = 0.01"#), "\(text2)")
        // A method unsupported on the task is said to be, not "incomplete" or "diverged".
        let frozen = LearningRateSelection.choose(
            try results([r("frozen", "0.001", 0, status: "unsupported"), r("frozen", "0.01", 0, status: "unsupported")])
        )
        #expect(frozen.count == 1 && frozen[0].unsupported && frozen[0].complete && frozen[0].chosen == nil)
        #expect(
            LearningRateSelection.file(frozen, command: "t", seeds: ["1"]).contains("# frozen: unsupported on digits"))
    }

    /// A winner at an edge gets the next half decade (×31.6 beyond ×10, ×0.0316 below ×0.1),
    /// up to `extend` half decades past the grid; an inside winner, an unselected label or
    /// extend = 0 gets none.
    @Test func edgeWinnersExtendHalfADecadeAtATime() throws {
        let s = try suite("tasks = [\"digits\"]\nmethods = [\"lora\", \"bitfit\"]\nseeds = [100]\n[tune]\n")
        #expect(s.tune?.extend == 2)
        let unit = TuneGrid(factors: [1]).rates(task: DigitsTask.self, method: "lora", suiteLR: nil)[0]
        func choice(_ label: String, _ factors: [Float], best: Float, flat: Bool = false) -> RateChoice {
            RateChoice(
                task: "digits", label: label, metric: "accuracy",
                // The best rate scores highest; the others fall off with their distance from it.
                scores: factors.map { ($0 * unit, flat ? 0.5 : 0.9 - abs(log10(Double($0 / best))) / 10) },
                chosen: best * unit)
        }
        let grid: [Float] = [0.1, 0.316, 1, 3.16, 10]
        let labels: Set<String> = ["digits\tlora", "digits\tlora r=4"]
        let top = s.searchExtensions([choice("lora", grid, best: 10)], labels: labels)
        #expect(top.count == 1 && top[0].factor == 31.6 && top[0].only == ["digits/lora/default/*"])
        let low = s.searchExtensions([choice("lora r=4", grid, best: 0.1)], labels: labels)
        #expect(low.count == 1 && low[0].factor == 0.0316 && low[0].only == ["digits/lora/r=4/*"])
        #expect(s.searchExtensions([choice("lora", grid + [31.6], best: 31.6)], labels: labels)[0].factor == 100)
        #expect(s.searchExtensions([choice("lora", grid + [31.6, 100], best: 100)], labels: labels).isEmpty)
        #expect(s.searchExtensions([choice("lora", grid, best: 3.16)], labels: labels).isEmpty)
        #expect(s.searchExtensions([choice("bitfit", grid, best: 10)], labels: labels).isEmpty)
        #expect(!choice("lora", grid, best: 0.1, flat: true).atEdge, "a method that trains nothing has no edge")
        var lonely = choice("lora", grid, best: 0.1)
        lonely.scores = lonely.scores.enumerated().map { ($1.lr, $0 == 0 ? 0.3 : nil) }
        #expect(lonely.atEdge, "the only rate that did not diverge is at the low end: search lower")
        let none = try suite("tasks = [\"digits\"]\nmethods = [\"lora\"]\n[tune]\nextend = 0\n")
        #expect(none.searchExtensions([choice("lora", grid, best: 10)], labels: labels).isEmpty)
        #expect(throws: SuiteError.self) { try suite("tasks = [\"digits\"]\n[tune]\nextend = 9\n") }
    }

    @Test func runsUseTunedRatesUnlessTheSuiteSetsOne() throws {
        var s = try suite("tasks = [\"digits\"]\nmethods = [\"lora\"]\n[method.lora]\nr = [4, 8]\n")
        s.rates = LearningRates(rates: ["digits": ["lora": 0.03, "lora r=8": 0.02]], source: "x.toml@12345678")
        let specs = try s.runs().map { try s.resolved($0) }
        #expect(specs.map(\.lr) == [0.03, 0.02] && specs.map(\.split) == [.test, .test])
        #expect(specs[0].lrSource == "tuned x.toml@12345678 (lora's)" && specs[1].lrSource == "tuned x.toml@12345678")
        var own = try suite("tasks = [\"digits\"]\nmethods = [\"lora\"]\n[training]\nlr = 1e-3\n")
        own.rates = s.rates
        let spec = try own.resolved(own.runs()[0])
        #expect(spec.lr == nil && spec.lrSource == "suite" && spec.training.lr == 1e-3)
    }

    /// Resume recognises a run only with the same rate, split and evaluation limit.
    @Test func resumeKeysOnEverySettingThatChangesTheResult() throws {
        var spec = RunSpec(method: "lora", training: TrainConfig(steps: 10, batchSize: 4, lr: 2e-3))
        let base = ResultRow.resumeKey(suite: "s", task: "digits", spec: spec, evaluationLimit: nil)
        #expect(base == "s digits/lora/default/seed0 10 4 \(Float(2e-3) * 5) test ")
        spec.lr = 0.02
        #expect(ResultRow.resumeKey(suite: "s", task: "digits", spec: spec, evaluationLimit: nil) != base)
        spec.lr = nil
        spec.split = .validation
        #expect(ResultRow.resumeKey(suite: "s", task: "digits", spec: spec, evaluationLimit: nil) != base)
        spec.split = .test
        #expect(ResultRow.resumeKey(suite: "s", task: "digits", spec: spec, evaluationLimit: 16) != base)
    }

    @Test func badRatesFilesNameTheLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rates-bad-\(UUID()).toml").path
        for (text, needle) in [
            ("[digit]\nlora = 0.1\n", "t.toml:1:1: unknown task 'digit'"),
            ("[digits]\nlorra = 0.1\n", ":2:1: unknown method 'lorra'"),
            ("[digits]\nlora = -1\n", ":2:1: a learning rate is a positive finite number"),
            ("[digits]\nlora = inf\n", ":2:1: a learning rate is a positive finite number"),
            ("[digits]\nlora = \"x\"\n", ":2:1: a learning rate"),
        ] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            do { _ = try LearningRates.load(path); Issue.record("accepted \(text)") } catch {
                #expect("\(error)".contains(needle.replacingOccurrences(of: "t.toml", with: path)), "\(error)")
            }
        }
    }

    /// Text from a CSV never reaches gnuplot as code: a label holding a newline, `EOD` and a
    /// `system()` call comes out as plain letters, and a hostile task name cannot leave the folder.
    @Test func chartsNeutraliseTextFromTheCSV() throws {
        let hostile = "r=1\nEOD\nsystem('touch /tmp/pwned')\n$x << EOD"
        var rows = ["full", "bitfit", "ia3"].map {
            row("digits", $0, value: 0.9, ["trainable_params": "10", "family": "baseline"])
        }
        rows.append(
            row(
                "digits", "lora", options: hostile, value: 0.8,
                ["trainable_params": "8", "family": "reparameterized", "metric": "acc'\nsystem('x')"]))
        rows.append(row("../../etc/x\n", "lora", value: 0.8, ["trainable_params": "8", "family": "reparameterized"]))
        for chart in Charts.all(try results(rows), suite: "s", curves: nil) {
            #expect(!chart.name.contains("/") && !chart.name.contains("\n"), "\(chart.name)")
            #expect(
                !chart.script.contains("system('") && !chart.script.contains("'touch") && !chart.script.contains("`"),
                "\(chart.name)")
            for line in chart.script.components(separatedBy: "\n") where line.contains("system") {
                #expect(
                    line.filter { $0 == "'" }.count % 2 == 0 && line.filter { $0 == "\"" }.count % 2 == 0,
                    "text stays inside its string: \(line)")
            }
            let eods = chart.script.components(separatedBy: "\n").filter { $0.contains("EOD") }
            #expect(eods.allSatisfy { $0 == "EOD" || $0.hasSuffix("<< EOD") }, "\(eods)")
        }
    }
}
