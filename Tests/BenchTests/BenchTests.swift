// The bench driver: CSV quoting through libcsv, case parsing errors, a short real run of one case,
// and the text table.

import Bench
import Foundation
import Testing
import Tensor

@Suite struct BenchTests {
    @Test func csvQuotesOnlyWhenNeeded() {
        #expect(CSV.field("lora") == "lora")
        #expect(CSV.field("r=8, alpha=16") == "\"r=8, alpha=16\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.line(["a", "b,c", ""]) == "a,\"b,c\",\n")
    }

    /// Moving TorchReference.swift into StepBench/ once pointed this at Sources/scripts/.
    @Test func theDefaultTorchScriptExists() {
        #expect(FileManager.default.fileExists(atPath: TorchReference.defaultScript), "\(TorchReference.defaultScript)")
    }

    @Test func unknownCaseListsTheValidOnes() {
        #expect(throws: BenchError.self) { try StepCase.parse("lm-full,vit-qlora") }
        do { _ = try StepCase.parse("bert-full") } catch {
            #expect(
                "\(error)"
                    == "unknown bench case 'bert-full'; valid: lm-full, lm-lora, vit-full, vit-lora, minilm-full, minilm-lora"
            )
        }
    }

    @Test func aShortRunMeasuresSomething() throws {
        let full = StepBench.run(try StepCase.parse("vit-full")[0], steps: 2, warmup: 1)
        let lora = StepBench.run(try StepCase.parse("vit-lora")[0], steps: 2, warmup: 1)
        #expect(full.times.count == 2 && full.times.allSatisfy { $0 > 0 })
        #expect(full.trainable == 202_186 && lora.trainable == 8_842)
        #expect(lora.flopsPerStep < full.flopsPerStep)  // frozen dW products are skipped
        #expect(lora.peakBytes < full.peakBytes)
    }

    /// The report pairs every round with both reference modes: a stand-in "python" answers the
    /// torch probe and prints each mode's line (eager 2× our speed's time, compiled with a
    /// compile time), and the rows, ratios, compile time and CSV columns follow.
    @Test func bothReferenceModesAreReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-fake-torch-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = dir.appendingPathComponent("python").path
        try """
        #!/bin/sh
        [ "$1" = "-c" ] && exit 0
        case "$*" in
          *"--mode compiled"*) echo '{"case": "vit-lora", "times_ms": [1000.0], "torch": "9.9", "trainable": 8842, "compile_ms": 30000.0}' ;;
          *) echo '{"case": "vit-lora", "times_ms": [2000.0], "torch": "9.9", "trainable": 8842, "compile_ms": null}' ;;
        esac
        """.write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        var o = BenchOptions()
        (o.cases, o.steps, o.warmup, o.rounds, o.torchPython) = (try StepCase.parse("vit-lora"), 1, 0, 2, fake)
        let rows = try BenchReport.measure(o) { _ in }
        #expect(rows.map(\.engine) == ["peftbench", "pytorch 9.9 eager", "pytorch 9.9 compiled"])
        let ours = rows[0]
        #expect(ours.speedups[.eager]?.count == 2 && ours.speedups[.compiled]?.count == 2)
        let (eager, compiled) = (median(ours.speedups[.eager]!), median(ours.speedups[.compiled]!))
        #expect(Swift.abs(eager / compiled - 2) < 1e-9)  // the fake eager step takes twice the compiled one
        #expect(rows[2].compileMs == 30_000 && rows[2].warmCompileMs == 30_000 && rows[1].compileMs == nil)
        #expect(BenchReport.csvRows(rows, options: o).allSatisfy { $0.count == BenchRow.csvHeader.count })
        let table = BenchReport.table(rows, threads: 2)
        #expect(table.contains("compiled PyTorch's speed") && table.contains("eager PyTorch's speed"))
        #expect(table.contains("torch.compile's first step took 30.0 s cold; 30.0 s with the cache warm"))
    }

    @Test func tableAlignsColumns() {
        let lines = TextTable.render([["a", "1"], ["long", "22"]], rightAligned: [1])
        #expect(lines == ["a      1", "long  22"])
    }
}

@Suite struct CSVReadMergeTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-csv-\(UUID())").path

    @Test func roundTripsQuotingAndRefusesMalformedFiles() throws {
        let rows = [["a,b", "say \"hi\"", "two\nlines"], ["", "x", "3"]]
        try CSV.write(header: ["p", "q", "r"], rows: rows, to: dir + "/ok.csv")
        let (header, back) = try CSV.read(dir + "/ok.csv")
        #expect(header == ["p", "q", "r"] && back == rows)
        try Data("p,q\n1,\"unterminated\n".utf8).write(to: URL(fileURLWithPath: dir + "/bad.csv"))
        #expect(throws: (any Error).self) { try CSV.read(dir + "/bad.csv") }
        try Data("p,q\n1,2,3\n".utf8).write(to: URL(fileURLWithPath: dir + "/wide.csv"))
        do { _ = try CSV.read(dir + "/wide.csv"); Issue.record("accepted a row wider than the header") } catch {
            #expect("\(error)".contains("wide.csv: line 2 has 3 fields"))
        }
    }

    @Test func mergeKeepsTheLastOkRowOfEachRun() throws {
        let h = ResultRow.header
        func row(_ run: String, _ status: String, _ value: String) -> [String] {
            h.map { $0 == "run" ? run : $0 == "status" ? status : $0 == "value" ? value : "" }
        }
        try CSV.write(header: h, rows: [row("a", "ok", "1"), row("b", "failed", "")], to: dir + "/1.csv")
        try CSV.write(
            header: h, rows: [row("a", "failed", ""), row("b", "ok", "2"), row("c", "ok", "3")], to: dir + "/2.csv")
        let (runs, total) = try CSV.merge([dir + "/1.csv", dir + "/2.csv"], into: dir + "/all.csv", header: h)
        #expect(runs == 3 && total == 5)
        let (_, merged) = try CSV.read(dir + "/all.csv")
        let v = h.firstIndex(of: "value")!
        #expect(merged.map { $0[v] } == ["1", "2", "3"])
        try CSV.write(header: ["other"], rows: [], to: dir + "/other.csv")
        #expect(throws: (any Error).self) { try CSV.merge([dir + "/other.csv"], into: dir + "/x.csv", header: h) }
    }

    /// The same run id in two suites (full and smoke), or at two learning rates, are different
    /// runs: merging keeps both (it used to keep one row per id and drop a whole suite).
    @Test func mergeKeysOnTheSuiteAndTheSettingsThatDecideARun() throws {
        let h = ResultRow.header
        func row(_ suite: String, _ lr: String, _ value: String) -> [String] {
            h.map {
                [
                    "suite": suite, "run": "digits/lora/default/seed0", "status": "ok", "value": value, "lr": lr,
                    "split": "test",
                ][$0] ?? ""
            }
        }
        try CSV.write(header: h, rows: [row("full", "0.01", "1"), row("full", "0.02", "2")], to: dir + "/full.csv")
        try CSV.write(header: h, rows: [row("smoke", "0.01", "3")], to: dir + "/smoke.csv")
        let (runs, total) = try CSV.merge([dir + "/full.csv", dir + "/smoke.csv"], into: dir + "/both.csv", header: h)
        #expect(runs == 3 && total == 3)
    }
}
