// Writes a trained run in Hugging Face PEFT's format, next to what a Python user needs to check
// it: adapter_model.safetensors + adapter_config.json (PEFT's keys and fields; the task head as
// `modules_to_save`), base_model.safetensors (the pretrained backbone under the PyTorch twin's
// names, head included), and a fixed input batch with our outputs for it.
// `scripts/check_peft_export.py DIR` loads all of it with PeftModel.from_pretrained and compares.

import Foundation
import Models
import NN
import PEFT
import Tasks
import Tensor

public enum PEFTExporter {
    public static func write(_ p: Runner.Prepared, checkInput: Tensor, to directory: String) throws {
        guard let method = p.method as? any PEFTExportable else {
            let exportable = allMethods.filter { $0 is any PEFTExportable.Type }.map { $0.name }
            throw BenchError.invalid("\(p.method.name) has no PEFT export; exportable: \(exportable.joined(separator: ", "))")
        }
        let module = p.model.module
        guard let vit = module as? ViT else {
            throw BenchError.invalid("export checks against the PyTorch twin of vit; use a vit task (digits)")
        }
        var (tensors, config) = try method.peftExport(module)
        let plain = module.namedParameters().filter { p.base[$0.name] != nil }
        let head = plain.filter { p.isHead($0.name) }
        for (name, t) in head { tensors["base_model.model.\(name)"] = t }
        config["modules_to_save"] = head.isEmpty ? .null : .strings(Array(Set(head.map { String($0.name.split(separator: ".")[0]) })).sorted())
        config["base_model_name_or_path"] = .null
        config["inference_mode"] = .bool(true)
        config["task_type"] = .null
        config["revision"] = .null

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Safetensors.save(tensors.mapValues { $0.detached() }, metadata: ["format": "pt"], to: "\(directory)/adapter_model.safetensors")
        let json = "{\n" + config.keys.sorted().map { "  \"\($0)\": \(config[$0]!.json)" }.joined(separator: ",\n") + "\n}\n"
        try Data(json.utf8).write(to: URL(fileURLWithPath: "\(directory)/adapter_config.json"), options: .atomic)
        // The pretrained values (a method such as PiSSA replaces W₀ by a residual in our model),
        // and the trained head.
        let baseTensors = plain.map { name, t in (name, p.isHead(name) ? t.detached() : Tensor(p.base[name]!, shape: t.shape)) }
        try Safetensors.save(Dictionary(uniqueKeysWithValues: baseTensors), metadata: ["format": "pt"], to: "\(directory)/base_model.safetensors")
        let outputs = withoutGrad { vit(checkInput) }
        try Safetensors.save(["images": checkInput], to: "\(directory)/check_inputs.safetensors")
        try Safetensors.save(["logits": outputs], to: "\(directory)/check_outputs.safetensors")
    }
}
