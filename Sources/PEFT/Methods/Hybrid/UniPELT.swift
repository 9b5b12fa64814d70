// UniPELT: LoRA (q, v), prefix tuning and a Pfeiffer adapter together, each scaled in every
// block by its own learned gate g = σ(W_g h + b_g) ∈ (0, 1): the LoRA branch by a gate on the
// layer's input (per token; q, k and v share the attention input's), the prefix keys/values by a gate on the
// sequence mean of that input (per example, as AdapterHub does), the adapter by a gate on the MLP
// output (per token). A LoRA or adapter gate driven to 0 removes its part exactly; the prefix
// gate scales P_k and P_v as the paper does, so at 0 it leaves l zero keys (logit 0) that still
// take some attention mass: not an exact removal. Mao et al. 2021,
// arXiv 2110.07577. Trainable: the parts + 3(d + 1) per block. Does not merge (gates depend on x).

import NN
import Tensor

public final class UniPELT: PEFTMethod {
    public static let name = "unipelt"
    public static let family = Family.hybrid
    public static let paper = "2110.07577"
    public static let formula = "LoRA + prefix + Pfeiffer + 3(d + 1)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        s.lowRankQV(rank: 8) + 8 * s.d + (s.d * s.d + s.d) + (2 * s.L * s.d * s.d + 2 * s.L * s.d) + s.L
            * (2 * s.d * 8 + 8 + s.d) + 3 * (s.d + 1) * s.L
    }
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "when LoRA targets o, up or down (the paper: q and v only), each gets its own gate on its own input; q, k and v share the attention input's gate"
    ]
    let lowRank: LowRankOptions
    let length: Int, hidden: Int?
    let adapter: AdapterOptions

    public init(_ options: Options) throws {
        lowRank = try LowRankOptions(options)
        length = try options.int("l", default: 8, in: 1...4_096)
        let h = try options.int("hidden", default: 0, in: 0...100_000)
        hidden = h == 0 ? nil : h
        adapter = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        let d = model.blockWidth
        var rng = RNG(seed: seed ^ 0x6A7E)
        // A LoRA gate reads its layer's input: q, k and v of a block share one (they read the same
        // normed input); o, up and down, when targeted, each get their own of their input width.
        var inputOf: [ObjectIdentifier: ObjectIdentifier] = [:]  // Linear → the module whose input it reads
        for b in blocks {
            for l in [b.attn.q, b.attn.k, b.attn.v] { inputOf[ObjectIdentifier(l)] = ObjectIdentifier(b.attn) }
        }
        var loraGates: [ObjectIdentifier: Linear] = [:]
        let (r, s) = (lowRank.rank, lowRank.alpha / Float(lowRank.rank))
        model.freeze()
        try lowRank.attach(model, method: Self.name) { linear in
            let key = inputOf[ObjectIdentifier(linear)] ?? ObjectIdentifier(linear)
            let gate = loraGates[key] ?? Linear(linear.inFeatures, 1, rng: &rng)
            loraGates[key] = gate
            return GatedLowRank(
                LowRankHook(
                    inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: r, scale: s, rng: &rng),
                gate: gate)
        }
        let m = adapter.bottleneck
        try adapter.attach(
            model, method: Self.name, sites: [\.mlpSite], seed: seed ^ 0xADA, placement: .serial,
            wrap: { GatedAdapter($0, gate: Linear($1, 1, rng: &rng)) }
        ) { DenseBottleneck(dim: $0, bottleneck: m, rng: &$1) }
        try attachPrefixes(
            model, method: Self.name, length: length, hidden: hidden ?? d, seed: seed,
            wrap: { GatedPrefix($0, gate: Linear($1, 1, rng: &rng)) })
    }

    final class GatedLowRank: Module, LinearHook {
        let lowRank: LowRankHook
        let gate: Linear  // (1, d_in), shared by a block's q, k and v
        init(_ lowRank: LowRankHook, gate: Linear) {
            self.lowRank = lowRank
            self.gate = gate
        }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            base.forward(x) + lowRank.update(x) * gate(x).sigmoid()
        }
    }

    final class GatedAdapter: Module, SublayerAdapter {
        let adapter: BottleneckAdapter
        let gate: Linear
        init(_ adapter: BottleneckAdapter, gate: Linear) {
            self.adapter = adapter
            self.gate = gate
        }
        func callAsFunction(input: Tensor, output: Tensor) -> Tensor {
            output + adapter.delta(output) * gate(output).sigmoid()
        }
    }

    final class GatedPrefix: Module, PrefixProvider {
        let prefix: any PrefixProvider
        let gate: Linear
        init(_ prefix: any PrefixProvider, gate: Linear) {
            self.prefix = prefix
            self.gate = gate
        }
        func keysValues(for x: Tensor) -> (keys: Tensor, values: Tensor) {
            let g = gate(x.mean(axis: 1)).sigmoid().reshaped([x.shape[0], 1, 1])  // (B, 1, 1)
            let (k, v) = prefix.keysValues(for: x)  // (l, d)
            return (k.reshaped([1] + k.shape) * g, v.reshaped([1] + v.shape) * g)
        }
        var length: Int { prefix.length }
    }
}
