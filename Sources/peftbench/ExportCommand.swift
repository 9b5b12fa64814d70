// `peftbench export METHOD --task digits --out DIR`: trains one run and writes it in HF PEFT's
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
        abstract: "Train one run and write it as a Hugging Face PEFT adapter (adapter_model.safetensors, adapter_config.json) with its base model.")

    @OptionGroup var machine: MachineOptions

    @Argument(help: "The method: \(allMethods.filter { $0 is any PEFTExportable.Type }.map { $0.name }.joined(separator: ", ")).")
    var method: String

    @Option(help: "The task (its backbone must be vit): digits.")
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
        do {
            guard try methodType(named: method) is any PEFTExportable.Type else {
                throw ValidationError("\(method) has no PEFT export; exportable: \(allMethods.filter { $0 is any PEFTExportable.Type }.map { $0.name }.joined(separator: ", "))")
            }
            _ = try makeMethod(method, options: options())
        } catch let e as ValidationError { throw e } catch { throw ValidationError("\(error)") }
        do { _ = try taskType(named: task) } catch { throw ValidationError("--task: \(error)") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
    }

    func run() throws {
        Threads.set(machine.threads)
        let task = try taskType(named: self.task).init()
        guard let digits = task as? DigitsTask else { throw ValidationError("--task: export supports digits (vit) for now") }
        let record = try task.pretrained(cache: machine.pretrainCache)
        var training = task.training
        if let steps { training.steps = steps }
        let prepared = try Runner.prepare(RunSpec(method: method, options: options(), seed: seed, training: training), task: task, pretrained: record)
        let (log, _) = Runner.train(prepared, task: task, seed: seed)
        guard !log.diverged else { throw ValidationError("training diverged; nothing exported") }
        try PEFTExporter.write(prepared, checkInput: digits.test.tensor(Array(0..<16)), to: out)
        print("wrote \(out): adapter_model.safetensors, adapter_config.json, base_model.safetensors, check_{inputs,outputs}.safetensors")
        print("check with: python3 scripts/check_peft_export.py \(out)")
    }
}
