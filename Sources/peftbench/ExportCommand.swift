// `peftbench export METHOD --task digits|nouns8 --out DIR`: trains one run and writes it in HF PEFT's
// adapter format with the base model and a check batch (see Bench/PEFTExporter.swift).

import ArgumentParser
import Bench
import Foundation
import PEFT
import Tasks
import Tensor

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Train one run and write it as a Hugging Face PEFT adapter (adapter_model.safetensors, adapter_config.json) with its base model."
    )

    @OptionGroup var machine: MachineOptions

    @Argument(help: "The method: \(PEFTExporter.exportable.joined(separator: ", ")).")
    var method: String

    @Option(
        help:
            "The task (one with a PyTorch twin): \(PEFTExporter.tasks.joined(separator: ", ")); prompt and prefix tuning need a token model (nouns8, nouns26)."
    )
    var task = "digits"

    @Option(name: .customLong("set"), help: "A method option key=value (repeatable).")
    var fixed: [String] = []

    @Option(help: "Training steps (default: the task's).")
    var steps: Int?

    @Option(help: "Seed.")
    var seed: UInt64 = 0

    @Option(help: "Output directory.")
    var out: String

    func options() throws -> [String: String] { try parseSetOptions(fixed) }

    func validate() throws {
        let (m, t): (any PEFTMethod.Type, any FineTuneTask.Type)
        do {
            m = try methodType(named: method)
            _ = try makeMethod(method, options: options())
        } catch { throw ValidationError("\(error)") }
        do { t = try taskType(named: task) } catch { throw ValidationError("--task: \(error)") }
        do { try PEFTExporter.check(method: m, task: t) } catch { throw ValidationError("\(error)") }  // before any training
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
    }

    func run() throws {
        Threads.set(machine.threads)
        let task = try taskType(named: self.task).init()
        let record = try task.pretrained(cache: machine.pretrainCache)
        var training = task.training
        if let steps { training.steps = steps }
        let prepared = try Runner.prepare(
            RunSpec(method: method, options: options(), seed: seed, training: training), task: task, pretrained: record)
        let (log, _) = Runner.train(prepared, task: task, seed: seed)
        guard !log.diverged else { throw ValidationError("training diverged; nothing exported") }
        try PEFTExporter.write(prepared, task: task, to: out)
        print(
            "wrote \(out): adapter_model.safetensors, adapter_config.json, "
                + (task.backbone == .minilm ? "head.safetensors" : "base_model.safetensors")
                + ", check_{inputs,outputs}.safetensors"
        )
        print("check with: python3 scripts/check_peft_export.py \(out)")
    }
}
