// PEFT keys and target modules under Hugging Face BertModel's names, for adapters trained on
// `minilm`: `base_model.model.blocks.0.attn.q.lora_A.weight` →
// `base_model.model.encoder.layer.0.attention.self.query.lora_A.weight`. Target modules become
// the full module paths, because BertModel's short names are ambiguous (`output.dense` is the
// MLP's down projection and also ends `attention.output.dense`), and PEFT matches a full path
// exactly.

import Models
import PEFT
import Tensor

enum BertModelNames {
    static func renamed(_ tensors: [String: Tensor], _ config: [String: PEFTConfigValue]) throws -> (
        [String: Tensor], [String: PEFTConfigValue]
    ) {
        let prefix = "base_model.model."
        var out: [String: Tensor] = [:]
        var modulesByShortName: [String: Set<String>] = [:]  // "q" → every query module's path
        for (key, t) in tensors {
            guard key.hasPrefix(prefix) else {
                out[key] = t  // prompt learning's `prompt_embeddings`
                continue
            }
            let parts = key.dropFirst(prefix.count).split(separator: ".").map(String.init)
            guard
                let cut = (1...parts.count).reversed().first(where: {
                    MiniLMWeights.huggingFaceName(parts[..<$0].joined(separator: ".")) != nil
                })
            else { throw BenchError.invalid("export: \(key) is on no BertModel module") }
            let module = MiniLMWeights.huggingFaceName(parts[..<cut].joined(separator: "."))!
            modulesByShortName[parts[cut - 1], default: []].insert(module)
            out[([prefix + module] + parts[cut...]).joined(separator: ".")] = t
        }
        var config = config
        for field in ["target_modules", "feedforward_modules"] {
            guard case let .strings(names)? = config[field] else { continue }
            config[field] = .strings(names.flatMap { modulesByShortName[$0, default: []] }.sorted())
        }
        return (out, config)
    }
}
