// Export to Hugging Face PEFT's adapter format: `adapter_model.safetensors` with PEFT's key names
// (`base_model.model.<module path>.<PEFT tensor name>`, the adapter name dropped, as
// `save_pretrained` writes them) and the fields of `adapter_config.json`. Our module paths equal
// the PyTorch twins' in scripts/peftbench_twins.py, so `PeftModel.from_pretrained` on such a
// model finds every tensor. A method opts in by conforming to `PEFTExportable`.
// PEFT's prompt learning (prompt and prefix tuning) sits beside the model rather than inside it:
// one tensor, `prompt_embeddings`, and the model's own modules keyed `base_model.<path>`.

import NN
import Tensor

public protocol PEFTExportable: PEFTMethod {
    /// PEFT's tensors (by key) and the method-specific config fields (`peft_type`, …).
    func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue])
    /// True for PEFT's prompt-learning types, whose model keys are `base_model.<path>`.
    static var peftPromptLearning: Bool { get }
    /// True when the adapter only reproduces our outputs on the base it was trained on, which is
    /// not the pretrained one (a quantized base): the export must write that base.
    static var peftNeedsItsBase: Bool { get }
}

extension PEFTExportable {
    public static var peftPromptLearning: Bool { false }
    public static var peftNeedsItsBase: Bool { false }
}

/// The config fields every prompt-learning type shares: the virtual-token count and the
/// model's shape, from its blocks.
func promptLearningConfig(_ type: String, length: Int, model: Module, method: String) throws -> [String:
    PEFTConfigValue]
{
    let blocks = try model.requireBlocks(for: method)
    return [
        "peft_type": .string(type), "num_virtual_tokens": .int(length), "token_dim": .int(model.blockWidth),
        "num_layers": .int(blocks.count), "num_attention_heads": .int(blocks[0].attn.heads),
        "num_transformer_submodules": .int(1),
    ]
}

/// A JSON value for adapter_config.json.
public enum PEFTConfigValue: Sendable, Equatable {
    case int(Int), float(Double), bool(Bool), string(String), strings([String]), null

    public var json: String {
        switch self {
        case let .int(i): "\(i)"
        case let .float(f): "\(f)"
        case let .bool(b): b ? "true" : "false"
        case let .string(s): quote(s)
        case let .strings(list): "[" + list.map(quote).joined(separator: ", ") + "]"
        case .null: "null"
        }
    }
}

private func quote(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// PEFT's key for a tensor of the module at `path`.
func peftKey(_ path: String, _ suffix: String) -> String { "base_model.model.\(path).\(suffix)" }

/// Every hook of type `H` on the model's Linears, with the Linear's path.
func hooks<H>(_ model: Module, _: H.Type) -> [(path: String, linear: Linear, hook: H)] {
    model.namedModules().compactMap { path, m in
        guard let l = m as? Linear, let h = l.hook as? H else { return nil }
        return (path, l, h)
    }
}

/// The short names PEFT's `target_modules` matches (the last path component), in first-seen order.
func targetNames(_ paths: [String]) -> [String] {
    var out: [String] = []
    for p in paths {
        if let last = p.split(separator: ".").last.map(String.init), !out.contains(last) { out.append(last) }
    }
    return out
}
