// Tables, claims and charts from hand-made result rows with known answers.

import Bench
import Foundation
import PEFT
import Testing

/// Writes result rows (only the given columns filled) as a result CSV and loads them.
func results(_ rows: [[String: String]], file: String = "r.csv") throws -> Results {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-report-\(UUID())-\(file)").path
    let filled = rows.map { r in ResultRow.header.map { r[$0] ?? "" } }
    try CSV.write(header: ResultRow.header, rows: filled, to: path)
    return try Results.load([path])
}

func row(
    _ task: String, _ method: String, seed: Int = 0, options: String = "", value: Double,
    _ extra: [String: String] = [:]
) -> [String: String] {
    [
        "suite": "t", "run": "\(task)/\(method)/\(options.isEmpty ? "default" : options)/seed\(seed)", "task": task,
        "method": method,
        "seed": "\(seed)", "options": options, "status": "ok", "value": "\(value)", "metric": "accuracy",
        "split": "test",
    ].merging(extra) { _, e in e }
}

@Suite struct ReportTests {
    @Test func qualityTableHasConfidenceIntervalsAndRankGroups() throws {
        var rows: [[String: String]] = []
        for (seed, (f, l, b)) in [(0.9, 0.8, 0.7), (0.92, 0.84, 0.7), (0.94, 0.82, 0.7)].enumerated() {
            rows += [
                row("digits", "full", seed: seed, value: f), row("digits", "lora", seed: seed, value: l),
                row("digits", "bitfit", seed: seed, value: b),
            ]
        }
        rows += [
            row("digits-ddpm", "full", value: 20, ["metric": "frechet"]),
            row("digits-ddpm", "lora", value: 10, ["metric": "frechet"]),
        ]
        let t2 = SurveyTables(try results(rows)).t2
        #expect(t2.header == ["method", "family", "digits accuracy ↑", "digits-ddpm frechet ↓", "mean group"])
        // digits: full > lora > bitfit, each significantly (Welch, Holm); digits-ddpm has one
        // seed each, so full and lora cannot be told apart there and share group 1.
        #expect(t2.rows.map { $0[0] } == ["full", "lora", "bitfit"], "by mean group: 1.0, 1.5, 3.0")
        let full = t2.rows.first { $0[0] == "full" }!
        #expect(full[2] == "0.9200 ± 0.0497 [1]" && full[3] == "20.00 [1]" && full[4] == "1.0", "\(full)")  // t(.975, 2)·0.02/√3
        #expect(t2.rows.first { $0[0] == "lora" }![2] == "0.8200 ± 0.0497 [2]")
        #expect(t2.rows.first { $0[0] == "bitfit" }![2] == "0.7000 ± 0.0000 [3]")
        #expect(t2.rows.first { $0[0] == "bitfit" }![3] == "—")
    }

    /// T3's training time charges a searched design its search and a multi-task method its source stage.
    @Test func costTableChargesSearchAndSourceStage() throws {
        let rows = [
            row("digits", "lora", value: 0.9, ["train_seconds": "10"]),
            row("digits", "glora", value: 0.9, ["train_seconds": "10", "extras": "search_seconds=5.0000"]),
            row(
                "digits", "spot", value: 0.9,
                ["train_seconds": "10", "extras": "source_index=1.0000 source_seconds=30.0000"]),
        ]
        let t3 = SurveyTables(try results(rows)).t3
        let column = try #require(t3.header.firstIndex(of: "train s"))
        let seconds = Dictionary(uniqueKeysWithValues: t3.rows.map { ($0[1], $0[column]) })
        #expect(seconds == ["lora": "10.0", "glora": "15.0", "spot": "40.0"], "\(seconds)")
    }

    @Test func methodTableIsRelativeToFull() throws {
        let rows = [
            row(
                "digits", "full", value: 0.9,
                [
                    "trainable_params": "1000", "total_params": "1000", "changed_params": "1000",
                    "peak_train_bytes": "400", "infer_ms": "2", "adapter_bytes": "4000",
                ]),
            row(
                "digits", "lora", value: 0.9,
                [
                    "trainable_params": "10", "total_params": "1000", "changed_params": "100",
                    "peak_train_bytes": "100", "infer_ms": "3", "infer_merged_ms": "2", "adapter_bytes": "2000",
                ]),
        ]
        let lora = SurveyTables(try results(rows)).t1.rows.first { $0[0] == "lora" }!
        #expect(lora[1] == "reparameterized" && lora[3] == "1" && lora[4] == "10.0" && lora[5] == "2.0")
        #expect(lora[6] == "0.25" && lora[7] == "1.50" && lora[8] == "1.00" && lora[9] == "yes")
    }

    /// The README's findings: group 1's size, full fine-tuning, the best other method, the
    /// lowest, the spread against seed noise, and the claims' verdicts counted.
    @Test func findingsStateTheRowsNumbers() throws {
        var rows: [[String: String]] = []
        for seed in 0..<3 {
            let jitter = Double(seed) * 0.01
            rows.append(row("digits", "full", seed: seed, value: 0.90 + jitter))
            rows.append(row("digits", "lora", seed: seed, value: 0.89 + jitter))
            rows.append(row("digits", "head", seed: seed, value: 0.50 + jitter))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID()).toml").path
        try "[[claim]]\nclaim = \"q\"\nkind = \"better\"\na = \"head\"\nb = \"full\"\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let text = Docs.findings(try results(rows), claims: try Claims.load(path))
        #expect(
            text.contains("- **digits** (accuracy ↑, 3 methods): 2 in rank group 1; `full` 0.9100 ± 0.0248"), "\(text)")
        #expect(text.contains("the best other `lora` 0.9000 ± 0.0248; the lowest `head` 0.5100 ± 0.0248. The"))
        #expect(text.contains("median seed SD of 0.0100: well beyond seed noise"))
        #expect(
            text.contains("1 claim, 1 claim × task tests: 0 reproduced, 1 not reproduced, 0 inconclusive at 3 seeds"))
        let table = Docs.methodsByFamily()
        #expect(allMethods.allSatisfy { m in table.components(separatedBy: "`\(m.name)`").count == 2 })
        #expect(table.hasSuffix("\(allMethods.count) methods in all.\n"))
    }

    /// "a matches b" as a ratio on a lower-is-better metric is b / a: a Fréchet 25% above full's
    /// is 0.8 of its quality, not 1.25 (which would pass "≥ 0.95"); cost columns stay a / b.
    @Test func qualityRatioOnALowerIsBetterMetricIsBOverA() throws {
        let rows = [
            row("digits-ddpm", "full", value: 16, ["peak_train_bytes": "100"]),
            row("digits-ddpm", "mov", value: 20, ["peak_train_bytes": "300"]),
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID()).toml").path
        try """
        [[claim]]
        claim = "matches"
        kind = "ratio"
        a = "mov"
        b = "full"
        min = 0.95
        [[claim]]
        claim = "memory"
        kind = "ratio"
        a = "mov : peak_train_bytes"
        b = "full : peak_train_bytes"
        min = 2.5
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let t4 = Claims.table(try Claims.load(path), try results(rows))
        let cell = { (r: Int) in t4.rows[r].first { $0.contains("seed") } ?? "" }
        #expect(cell(0) == "0.8× (1 seed): fails", "\(t4.rows[0])")
        #expect(cell(1) == "3× (1 seed): holds", "\(t4.rows[1])")
    }

    @Test func claimsAreJudgedOnConfidenceIntervals() throws {
        var rows: [[String: String]] = []
        for seed in 0..<3 {
            rows.append(
                row(
                    "digits", "full", seed: seed, value: 0.9,
                    ["peak_train_bytes": "\(300 + seed)", "total_params": "100", "trainable_params": "100"]))
            rows.append(
                row(
                    "digits", "lora", seed: seed, value: seed == 1 ? 0.95 : 0.85,
                    ["peak_train_bytes": "100", "trainable_params": "1"]))
        }
        rows.append(row("nouns8", "full", value: 0.5, ["peak_train_bytes": "200"]))
        rows.append(row("nouns8", "lora", value: 0.6, ["peak_train_bytes": "100"]))
        let data = try results(rows)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID()).toml").path
        try """
        [[claim]]
        claim = "memory"
        kind = "ratio"
        a = "full : peak_train_bytes"
        b = "lora : peak_train_bytes"
        min = 2.5
        [[claim]]
        claim = "quality"
        kind = "better"
        a = "lora"
        b = "full"
        [[claim]]
        claim = "missing"
        kind = "close"
        a = "dora"
        b = "full"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let t4 = Claims.table(try Claims.load(path), data)
        #expect(t4.rows[0][3] == "3.01× [2.99, 3.03] (3 seeds): reproduced", "\(t4.rows[0])")
        #expect(t4.rows[0][4] == "2× (1 seed): fails" && t4.rows[0][5] == "holds on 1 of 2")
        // lora − full: −0.05, +0.05, −0.05; the interval straddles 0.
        #expect(t4.rows[1][3].hasSuffix("inconclusive") && t4.rows[1][4].hasSuffix("holds"), "\(t4.rows[1])")
        #expect(t4.rows[2][3] == "no data" && t4.rows[2][5] == "no data")
    }

    @Test func badClaimsFilesNameTheProblem() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claims-bad-\(UUID()).toml").path
        for (text, needle) in [
            ("[[claim]]\nkind = \"bigger\"\n", "one of ratio, better, close, budget"),
            ("[[claim]]\nkind = \"ratio\"\na = \"lora : speed\"\nb = \"full\"\nmin = 1\n", "unknown column 'speed'"),
            ("[[claim]]\nkind = \"better\"\na = \"lora\"\n", "needs 'a' and 'b'"),
            ("[[claim]]\nkind = \"ratio\"\na = \"lora\"\nb = \"full\"\n", "'min', 'max' or both"),
            ("[[claim]]\nkid = 1\n", "unknown key 'kid'"),
        ] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: (any Error).self) { try Claims.load(path) }
            do { _ = try Claims.load(path) } catch { #expect("\(error)".contains(needle), "\(error)") }
        }
    }

    @Test func smokeRowsNeverMixWithFullOnes() throws {
        let r = try results([
            row("digits", "full", value: 0.9), row("digits", "lora", value: 0.1, ["eval_limit": "16", "run": "x"]),
        ])
        #expect(r.rows.count == 1 && r.droppedSmokeRows == 1)
        #expect(
            try results([row("digits", "lora", value: 0.1, ["eval_limit": "16"])]).rows.count == 1,
            "smoke alone is kept")
    }

    @Test func chartsHaveFrontsAndAblationLines() throws {
        var rows = [
            row("digits", "full", value: 0.95, ["trainable_params": "1000", "family": "baseline"]),
            row("digits", "bitfit", value: 0.90, ["trainable_params": "10", "family": "selective"]),
            row("digits", "ia3", value: 0.85, ["trainable_params": "50", "family": "scaling"]),
        ]
        for (seed, r) in [(0, "1"), (0, "4"), (1, "1"), (1, "4")] {
            rows.append(
                row(
                    "digits", "lora", seed: seed, options: "r=\(r)", value: r == "1" ? 0.8 + Double(seed) * 0.02 : 0.9,
                    ["trainable_params": r == "1" ? "8" : "32", "family": "reparameterized"]))
        }
        let charts = Charts.all(try results(rows), suite: "s", curves: nil)
        #expect(charts.map(\.name) == ["s-digits-params", "s-digits-memory", "s-digits-time", "s-digits-r"])
        let params = charts[0].script
        // One point per method and option set (lora r=1: mean 0.81 over two seeds); the front is
        // the best at each size: (8, 0.81), (10, 0.9), (1000, 0.95), then the step to the right edge.
        #expect(params.contains("$front << EOD\n8 0.81\n10 0.9\n1000 0.95\n1000 0.95\nEOD"), "\(params.prefix(400))")
        #expect(params.contains("with yerrorbars"))
        #expect(params.contains("set logscale x") && params.contains("pngcairo") && params.contains("svg"))
        // Error bars: the 95% CI, t(.975, 1)·s/√2 = 12.706 · 0.01 for r=1.
        #expect(
            charts[3].script.contains("$m0 << EOD\n1 0.81 0.127062 \"1\" 8\n4 0.9 0 \"4\" 32\nEOD")
                && charts[3].script.contains("with yerrorlines"), "\(charts[3].script)")
    }

    @Test func latexIsEscaped() {
        let t = ReportTable(name: "x", title: "a_b", header: ["%", "x"], rows: [["0.9 ± 0.1", "a & b"]], notes: [])
        #expect(
            t.latex.contains("\\% & x") && t.latex.contains("0.9 $\\pm$ 0.1 & a \\& b") && t.latex.contains("a\\_b"))
        #expect(t.markdown.contains("| 0.9 ± 0.1 | a & b |") && t.csv == "%,x\n0.9 ± 0.1,a & b\n")
    }
}
