// Prefix tuning: every block's attention sees l extra keys and values, [P_k; K] and [P_v; V],
// from every query (also under the causal mask). Trained through the shared MLP
// reparameterisation P = MLP(P′) (Mechanisms/Prefix.swift). Li & Liang 2021, arXiv 2101.00190.
// Trainable (training): l·d + (d·h + h) + (2Ld·h + 2Ld); stored after training: 2Lld.
// Does not merge (the sequence of keys grows by l).

import NN
import Tensor

public final class PrefixTuning: PEFTMethod {
    public static let name = "prefix-tuning"
    public static let family = Family.prompt
    public static let paper = "2101.00190"
    public static let formula = "ld + (dh + h) + (2Ldh + 2Ld); stored 2Lld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        8 * s.d + (s.d * s.d + s.d) + (2 * s.L * s.d * s.d + 2 * s.L * s.d)
    }  // l = 8, h = d
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    let length: Int
    let hidden: Int?

    public init(_ options: Options) throws {
        length = try options.int("l", default: 8, in: 1...4_096)
        let h = try options.int("hidden", default: 0, in: 0...100_000)
        hidden = h == 0 ? nil : h
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let d = try model.requireWidth(for: Self.name)
        model.freeze()
        try attachPrefixes(model, method: Self.name, length: length, hidden: hidden ?? d, seed: seed)
    }
}

extension PrefixTuning {
    /// Only P = MLP(P′), computed once: `blocks.i.attn.prefix.{keys,values}` (l, d) each, the
    /// names and shapes of P-tuning v2's direct prefixes, so `p-tuning-v2` with the same l loads
    /// the file and reproduces the trained model. Neither the MLP nor P′ is stored.
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        var out: [String: Tensor] = [:]
        withoutGrad {
            for (path, m) in model.namedModules() {
                guard let a = m as? Attention, let p = a.prefix as? EncodedPrefix else { continue }
                let (k, v) = p.keysValues(for: .zeros([1, 1, p.encoder.dim]))  // independent of the input
                out["\(path).prefix.keys"] = k.copy()
                out["\(path).prefix.values"] = v.copy()
            }
        }
        return out
    }
}

extension PrefixTuning: PEFTExportable {
    public static var peftPromptLearning: Bool { true }
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        try prefixExport(model, method: Self.name)
    }
}
