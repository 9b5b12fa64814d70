// Writes a trained run in Hugging Face PEFT's format, next to what a Python user needs to check
// it: adapter_model.safetensors + adapter_config.json (PEFT's keys and fields; the task head as
// `modules_to_save`), base_model.safetensors (the pretrained backbone under the PyTorch twin's
// names, head included), and a fixed test batch with our outputs for it.
// On `minilm` the base is the real Hugging Face BertModel, so nothing twin-shaped is written: the
// adapter's keys and target modules take BertModel's names (MiniLMWeights), the classifier goes
// to head.safetensors, and base_model_name_or_path names the model folder.
// `scripts/check_peft_export.py DIR` loads all of it with PeftModel.from_pretrained and compares.

import Foundation
import Models
import NN
import PEFT
import Tasks
import Tensor

public enum PEFTExporter {
    public static var exportable: [String] { allMethods.filter { $0 is any PEFTExportable.Type }.map { $0.name } }
    public static var tasks: [String] { allTasks.filter { $0 is any TwinCheckable.Type }.map { $0.name } }

    /// Whether `method` exports on `task`, checked before any training: the method must have a
    /// PEFT export, the task a PyTorch twin, and prompt learning a token model (PEFT attaches it
    /// only to a transformers model with token embeddings: the lm twin).
    public static func check(method: any PEFTMethod.Type, task: any FineTuneTask.Type) throws {
        guard let exportable = method as? any PEFTExportable.Type else {
            throw BenchError.invalid(
                "\(method.name) has no PEFT export; exportable: \(Self.exportable.joined(separator: ", "))")
        }
        guard task is any TwinCheckable.Type else {
            throw BenchError.invalid(
                "task \(task.name) has no PyTorch twin to export for; use one of: \(tasks.joined(separator: ", "))")
        }
        guard !exportable.peftPromptLearning || task.backbone == .lm || task.backbone == .minilm else {
            throw BenchError.invalid("PEFT attaches \(method.name) only to token models; use --task nouns8 or nouns26")
        }
        guard !exportable.peftNeedsItsBase || task.backbone != .minilm else {
            throw BenchError.invalid(
                "\(method.name)'s LoRA is trained on a quantized base, and a nouns26 export's base is Hugging Face's own checkpoint; use --task digits or nouns8"
            )
        }
    }

    public static func write(_ p: Runner.Prepared, task: any FineTuneTask, to directory: String) throws {
        try check(method: type(of: p.method), task: type(of: task))
        let (method, task) = (p.method as! any PEFTExportable, task as! any TwinCheckable)
        let module = p.model.module
        let promptLearning = type(of: method).peftPromptLearning
        var (tensors, config) = try method.peftExport(module)
        let plain = module.namedParameters().filter { p.base[$0.name] != nil }
        let head = plain.filter { p.isHead($0.name) }
        let bert = task.backbone == .minilm
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if bert {
            (tensors, config) = try BertModelNames.renamed(tensors, config)
            let classifier = head.map { (String($0.name.dropFirst("head.".count)), $0.tensor.detached()) }
            try Safetensors.save(
                Dictionary(uniqueKeysWithValues: classifier), metadata: ["format": "pt"],
                to: "\(directory)/head.safetensors")
            config["modules_to_save"] = .null
            config["base_model_name_or_path"] = .string(try MiniLMWeights.locate())
        } else {
            for (name, t) in head { tensors[(promptLearning ? "base_model." : "base_model.model.") + name] = t }
            config["modules_to_save"] =
                head.isEmpty
                ? .null : .strings(Array(Set(head.map { String($0.name.split(separator: ".")[0]) })).sorted())
            config["base_model_name_or_path"] = .null
        }
        config["inference_mode"] = .bool(true)
        // Prompt learning's forward is per task type: the lm twin classifies, BertModel embeds.
        config["task_type"] = promptLearning ? .string(bert ? "FEATURE_EXTRACTION" : "SEQ_CLS") : .null
        config["revision"] = .null

        try Safetensors.save(
            tensors.mapValues { $0.detached() }, metadata: ["format": "pt"],
            to: "\(directory)/adapter_model.safetensors")
        let json =
            "{\n" + config.keys.sorted().map { "  \"\($0)\": \(config[$0]!.json)" }.joined(separator: ",\n") + "\n}\n"
        try Data(json.utf8).write(to: URL(fileURLWithPath: "\(directory)/adapter_config.json"), options: .atomic)
        // The pretrained values (a method such as PiSSA replaces W₀ by a residual in our model),
        // and the trained head; on minilm the base is the package's own checkpoint.
        if !bert { try writeBase(p, plain: plain, to: directory) }
        let check = task.twinCheck(p.model, count: 16)
        try Safetensors.save(check.inputs, to: "\(directory)/check_inputs.safetensors")
        try Safetensors.save(["logits": check.outputs], to: "\(directory)/check_outputs.safetensors")
    }

    /// The pretrained values, except that a weight the method holds quantized is written as the
    /// dequantized weight its update was trained on (QLoRA, LoftQ, LQ-LoRA: PEFT's LoRA then runs
    /// on exactly our base; LoftQ's own recipe saves its base this way too).
    static func writeBase(_ p: Runner.Prepared, plain: [(name: String, tensor: Tensor)], to directory: String) throws {
        let quantized = Dictionary(
            uniqueKeysWithValues: p.model.module.namedModules().compactMap { path, m -> (String, Tensor)? in
                guard let q = (m as? Linear)?.hook as? any QuantizedWeights else { return nil }
                return (path + ".weight", q.dequantizedBase())
            })
        let baseTensors = plain.map { name, t in
            (name, p.isHead(name) ? t.detached() : quantized[name] ?? Tensor(p.base[name]!, shape: t.shape))
        }
        try Safetensors.save(
            Dictionary(uniqueKeysWithValues: baseTensors), metadata: ["format": "pt"],
            to: "\(directory)/base_model.safetensors")
    }
}
