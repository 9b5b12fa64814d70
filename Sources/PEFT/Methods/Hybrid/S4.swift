// S4 (the PEFT design spaces' final model): the blocks in four spindle groups G1…G4, fewer at the
// ends (1 : 2 : 2 : 1 of the blocks, each block by its centre), every group tuned with its own
// strategies: G1 adapter + LoRA, G2 adapter + prefix, G3 adapter + prefix + BitFit, G4 prefix +
// BitFit + LoRA. Adapter: Pfeiffer's serial bottleneck after the MLP (m, ReLU, W_up = 0); prefix:
// l direct keys/values (flat) on the block's attention; BitFit: the block's own biases; LoRA: r on
// q and v (α = 16). Chen et al. 2023, arXiv 2301.01821.
// Trainable, summed over blocks by group: adapter 2dm + m + d, prefix 2ld, BitFit 7d + h (q k v o
// up down ln1 ln2 biases), LoRA 4rd. Does not merge (adapters and prefixes stay).

import NN
import Tensor

public final class S4: PEFTMethod {
    public static let name = "s4"
    public static let family = Family.hybrid
    public static let paper = "2301.01821"
    public static let formula =
        "Σ over blocks of its group's parts: adapter 2dm + m + d, prefix 2ld, BitFit 7d + h, LoRA 4rd"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        spindle(blocks: s.L).map { g in
            defaultGroups[g].map { part in
                switch part {
                case .adapter: 2 * s.d * 8 + 8 + s.d
                case .prefix: 2 * 8 * s.d
                case .bitfit: 7 * s.d + s.hidden
                case .lora: 4 * 8 * s.d
                }
            }.reduce(0, +)
        }.reduce(0, +)
    }
    public static let mergeable = false
    public static let stepZero = StepZero.changedSequence
    public static let rankOption: String? = "r"
    public static let departures = [
        "The group sizes are our reading of the paper's spindle pattern (1 : 2 : 2 : 1 of the blocks: 1-1-1-1 for 4 blocks, 1-2-2-1 for 6); the released code has no grouping to check them against",
        "Every block of a group uses the same sizes (m = 8, l = 8, r = 8) instead of an equal parameter count per layer: blocks with three strategies train more than those with two",
    ]

    enum Part: String, CaseIterable { case adapter, prefix, bitfit, lora }
    static let defaultGroups: [[Part]] = [
        [.adapter, .lora], [.adapter, .prefix], [.adapter, .prefix, .bitfit],
        [
            .prefix, .bitfit, .lora,
        ],
    ]

    let groups: [[Part]]
    let adapter: AdapterOptions
    let length: Int, rank: Int, alpha: Float

    public init(_ options: Options) throws {
        groups = try (0..<4).map { g in
            try options.list(
                "g\(g + 1)", default: Self.defaultGroups[g].map(\.rawValue), among: Part.allCases.map(\.rawValue)
            ).map { Part(rawValue: $0)! }
        }
        adapter = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        length = try options.int("l", default: 8, in: 1...4_096)
        rank = try options.int("r", default: 8, in: 1...65_536)
        alpha = try options.float("alpha", default: 16, in: 0...1e6)
        try options.finish()
    }

    /// Block i's group: where its centre (i + ½)/L falls among the cuts 1/6, 1/2, 5/6.
    static func spindle(blocks n: Int) -> [Int] {
        (0..<n).map { i in
            let c = (Double(i) + 0.5) / Double(n)
            return c < 1.0 / 6 ? 0 : c < 0.5 ? 1 : c < 5.0 / 6 ? 2 : 3
        }
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        let d = model.blockWidth
        try adapter.checkBottleneck(width: d, method: Self.name)
        var rng = RNG(seed: seed)
        model.freeze()
        for (block, g) in zip(blocks, Self.spindle(blocks: blocks.count)) {
            let parts = groups[g]
            if parts.contains(.bitfit) {  // before anything is attached: only the block's own biases
                for p in block.namedParameters() where p.name.hasSuffix("bias") { p.tensor.requiresGrad = true }
            }
            if parts.contains(.adapter) {
                guard block.mlp.adapter == nil else {
                    throw MethodError.unsupported(method: Self.name, reason: "a sublayer already has an adapter")
                }
                let m = adapter.bottleneck
                block.mlp.adapter = BottleneckAdapter(
                    weights: DenseBottleneck(dim: d, bottleneck: m, rng: &rng), dim: d, bottleneck: m,
                    activation: adapter.activation, placement: .serial)
            }
            if parts.contains(.prefix) {
                guard block.attn.prefix == nil else {
                    throw MethodError.unsupported(method: Self.name, reason: "attention already has a prefix")
                }
                block.attn.prefix = DirectPrefix(length: length, dim: d, rng: &rng)
            }
            if parts.contains(.lora) {
                for linear in [block.attn.q, block.attn.v] {
                    guard rank <= min(linear.inFeatures, linear.outFeatures) else {
                        throw MethodError.invalidOption(
                            method: Self.name, key: "r", value: "\(rank)",
                            expected: "an integer in 1…\(min(linear.inFeatures, linear.outFeatures))")
                    }
                    guard linear.hook == nil else {
                        throw MethodError.unsupported(method: Self.name, reason: "q or v already has a hook")
                    }
                    linear.hook = LowRankHook(
                        inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: rank,
                        scale: alpha / Float(rank), rng: &rng)
                }
            }
        }
    }

    /// Which strategies each block got, as a number per group (its block count).
    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        let g = Self.spindle(blocks: model.transformerBlocks.count)
        return (0..<4).map { i in ("g\(i + 1)_blocks", Double(g.filter { $0 == i }.count)) }
    }
}
