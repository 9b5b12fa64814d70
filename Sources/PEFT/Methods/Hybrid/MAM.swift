// MAM adapter ("mix-and-match"): prefix tuning at the attention (MLP-reparameterised) plus a
// scaled parallel adapter at the MLP, h ← MLP(ln2(x)) + s·W_up ReLU(W_down ln2(x) + b_d) + b_u.
// He et al. 2021, arXiv 2110.04366 §4.6 (they use l = 30 and m = 512 on large models; our
// defaults fit d = 64/128). Trainable (training): prefix ld + (dh + h) + (2Ldh + 2Ld) plus
// L(2dm + m + d); stored: 2Lld + L(2dm + m + d). Does not merge.

import NN

public final class MAM: PEFTMethod {
    public static let name = "mam"
    public static let family = Family.hybrid
    public static let paper = "2110.04366"
    public static let formula = "ld + (dh + h) + (2Ldh + 2Ld) + L(2dm + m + d)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        8 * s.d + (s.d * s.d + s.d) + (2 * s.L * s.d * s.d + 2 * s.L * s.d) + s.L * (2 * s.d * 16 + 16 + s.d)
    }  // l = 8, h = d, m = 16
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    let length: Int, hidden: Int?
    let adapter: AdapterOptions
    let scale: Float

    public init(_ options: Options) throws {
        length = try options.int("l", default: 8, in: 1...4_096)
        let h = try options.int("hidden", default: 0, in: 0...100_000)
        hidden = h == 0 ? nil : h
        adapter = try AdapterOptions(options, bottleneck: 16, activation: .relu)
        scale = try options.float("s", default: 4, in: 0...1_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let d = try model.requireWidth(for: Self.name)
        let m = adapter.bottleneck
        model.freeze()
        try adapter.attach(
            model, method: Self.name, sites: [\.mlpSite], seed: seed ^ 0xADA, placement: .parallel(scale: scale)
        ) {
            DenseBottleneck(dim: $0, bottleneck: m, rng: &$1)
        }
        try attachPrefixes(model, method: Self.name, length: length, hidden: hidden ?? d, seed: seed)
    }
}
