// Prefix tuning: every block's attention sees l extra keys and values, [P_k; K] and [P_v; V],
// from every query (also under the causal mask). Trained through the shared MLP
// reparameterisation P = MLP(P′) (Mechanisms/Prefix.swift). Li & Liang 2021, arXiv 2101.00190.
// Trainable (training): l·d + (d·h + h) + (2Ld·h + 2Ld); stored after training: 2Lld.
// Does not merge (the sequence of keys grows by l).

import NN

public final class PrefixTuning: PEFTMethod {
    public static let name = "prefix-tuning"
    public static let family = Family.prompt
    public static let paper = "2101.00190"
    public static let formula = "ld + (dh + h) + (2Ldh + 2Ld); stored 2Lld"
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
        let d = try model.requireBlocks(for: Self.name)[0].ln1.weight.count
        model.freeze()
        try attachPrefixes(model, method: Self.name, length: length, hidden: hidden ?? d, seed: seed)
    }
}
