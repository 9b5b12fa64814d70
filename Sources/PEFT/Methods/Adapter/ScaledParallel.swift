// Scaled parallel adapter with a learned scale: MLP(ln2(x)) + s·(W_up ReLU(W_down ln2(x) + b_d) + b_u),
// one trainable scalar s per adapter, s₀ = 1 (AdapterHub's scaling="learned"), W_up = 0 at start.
// He et al. 2021 (unified view: the scaled PA design point), arXiv 2110.04366.
// Trainable: (2dm + m + d + 1) per site. No merge.
// A fixed s is `parallel s=…` (the same mechanism, BottleneckAdapter's parallel placement); this
// method adds what that one lacks, the scale as a parameter. `s0` sets its start (4 is the paper's best fixed s).

import NN

public final class ScaledParallel: PEFTMethod {
    public static let name = "scaled-parallel"
    public static let family = Family.adapter
    public static let paper = "2110.04366"
    public static let formula = "(2dm + m + d + 1)L per site"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (2 * s.d * 8 + 8 + s.d + 1) }  // m = 8, MLP
    public static let mergeable = false
    public static let departures = [
        "The default is a learned s (AdapterHub's scaling=\"learned\", started at 1); the paper's fixed s = 4 is `parallel s=4`, not a second copy here"
    ]
    let options: AdapterOptions
    let initial: Float

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        initial = try options.float("s0", default: 1, in: -1_000...1_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        try options.attach(
            model, method: Self.name, sites: [\.mlpSite], seed: seed, placement: .learnedParallel(initial: initial)
        ) { DenseBottleneck(dim: $0, bottleneck: options.bottleneck, rng: &$1) }
    }
}
