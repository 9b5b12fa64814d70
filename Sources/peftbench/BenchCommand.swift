// `peftbench bench`: the training-step benchmark against PyTorch.

import ArgumentParser
import Bench
import Foundation
import PEFT
import Tensor

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Time training steps (forward, backward, AdamW) of lm and vit, full fine-tuning and LoRA, against PyTorch.")

    @Option(help: "Threads for matmuls and element-wise loops.")
    var threads = 2

    @Option(help: "Comma-separated cases: \(StepCase.all.map(\.name).joined(separator: ", ")).")
    var cases = StepCase.all.map(\.name).joined(separator: ",")

    @Option(help: "Timed steps per case per round (at least 1).")
    var steps = 20

    @Option(help: "Untimed warm-up steps per case per round.")
    var warmup = 3

    @Option(
        help:
            "Rounds; in each, every case runs on PEFTBench and then on PyTorch (each mode). Times are medians over all rounds' steps; speed-ups are medians of per-round ratios."
    )
    var rounds = 5

    @Option(
        help:
            "Python for the PyTorch reference: a path, or 'off'. Default: $PEFTBENCH_TORCH_PYTHON or python3 if it imports torch and peft."
    )
    var torch: String?

    @Option(help: "PyTorch reference modes, comma-separated: eager, compiled (torch.compile, inductor).")
    var torchModes = TorchMode.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Where to write the CSV (default: results/bench.csv, or results/bench-methods.csv with --methods).")
    var csv: String?

    @Option(
        help:
            "Instead of the PyTorch comparison, time a vit training step per PEFT method: 'all' or a comma-separated list (full is always added as the reference)."
    )
    var methods: String?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more (got \(warmup))") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1 (got \(rounds))") }
        do { _ = try StepCase.parse(cases) } catch { throw ValidationError("--cases: \(error)") }
        _ = try modes()
        for m in try methodList() {
            do { _ = try makeMethod(m) } catch { throw ValidationError("--methods: \(error)") }
        }
    }

    /// The modes named, each once, in the order given.
    func modes() throws -> [TorchMode] {
        var out: [TorchMode] = []
        for name in torchModes.split(separator: ",") {
            guard let mode = TorchMode(rawValue: String(name)) else {
                throw ValidationError(
                    "--torch-modes: unknown mode '\(name)'; valid: \(TorchMode.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if !out.contains(mode) { out.append(mode) }
        }
        return out
    }

    func methodList() throws -> [String] {
        guard let methods else { return [] }
        let list = methods == "all" ? allMethods.map { $0.name } : methods.split(separator: ",").map(String.init)
        return list.contains("full") ? list : ["full"] + list
    }

    func run() throws {
        Threads.set(threads)
        let list = try methodList()
        if !list.isEmpty {
            let rows = try MethodBench.run(list, steps: steps, warmup: warmup, rounds: rounds) {
                FileHandle.standardError.write(Data(($0 + "\n").utf8))
            }
            print(MethodBench.table(rows))
            let path = csv ?? "results/bench-methods.csv"
            try CSV.write(header: MethodBench.csvHeader, rows: MethodBench.csvRows(rows), to: path)
            print("wrote \(path)")
            return
        }
        var o = BenchOptions()
        o.cases = try StepCase.parse(cases)
        (o.steps, o.warmup, o.rounds, o.threads, o.torchPython) = (steps, warmup, rounds, threads, torch)
        o.torchModes = try modes()
        let rows = try BenchReport.measure(o) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        print(BenchReport.table(rows, threads: threads))
        let path = csv ?? "results/bench.csv"
        try CSV.write(header: BenchRow.csvHeader, rows: BenchReport.csvRows(rows, options: o), to: path)
        print("wrote \(path)")
    }
}
