// AdapterFusion: N Pfeiffer adapters, one trained on each task of the group (the target's own
// among them), stay frozen; per block a fusion attention over their outputs is trained on the
// target. At the MLP's output h (…, d), with Δ_i the adapter deltas (…, d):
//   s_i = (W_Q h + b_Q) · (W_K Δ_i + b_K),  p = softmax(s),  out = h + W_V Σ_i p_i Δ_i,
// W_Q, W_K ~ N(0, 0.02²), b = 0, W_V = I (off-diagonal 1e-6), and the loss adds
// reg · Σ_blocks ||I − W_V||² (AdapterHub's "dynamic" fusion). Pfeiffer et al. 2021, arXiv
// 2005.00247. Trainable: L(3d² + 2d). Does not merge (p depends on the input).

import NN
import Tensor

public final class AdapterFusion: PEFTMethod {
    public static let name = "adapterfusion"
    public static let family = Family.multitask
    public static let paper = "2005.00247"
    public static let formula = "L(3d² + 2d)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (3 * s.d * s.d + 2 * s.d) }
    public static let mergeable = false
    public static let stepZero = StepZero.fromSources
    public static let departures = [
        "the source adapters are trained at the task's default rate × pfeiffer's scale, not a rate tuned per source (one stage shared by every target and seed, cached)",
        "no dropout on the fusion scores (AdapterHub uses the model's attention dropout; our backbones have none) and no temperature (as AdapterHub's default 'dynamic' fusion)",
    ]

    public let sourceStage: SourceStage?
    let regularization: Float
    private var sources: [SourceState] = []
    private var fusions: [FusionAdapter] = []

    public init(_ options: Options) throws {
        var stage: [String: String] = [:]
        let m = try options.int("m", default: 8, in: 1...100_000)
        if m != 8 { stage["m"] = "\(m)" }  // pfeiffer's default, so the stage is our pfeiffer rows' configuration
        regularization = try options.float("reg", default: 0.01, in: 0...100)
        try options.finish()
        sourceStage = SourceStage(method: Pfeiffer.name, options: stage)
    }

    public func use(sources: [SourceState]) throws {
        guard sources.count >= 2 else {
            throw MethodError.unsupported(method: Self.name, reason: "fusion needs at least two source adapters")
        }
        self.sources = sources
    }

    public func apply(to model: Module, seed: UInt64) throws {
        guard let stage = sourceStage, !sources.isEmpty else {
            throw MethodError.unsupported(method: Self.name, reason: "no source adapters (it runs on a task group)")
        }
        let blocks = try model.requireBlocks(for: Self.name)
        var perBlock = [[BottleneckAdapter]](repeating: [], count: blocks.count)
        for state in sources {
            let adapters = try attachSource(stage, state, to: model) { _ in
                try blocks.map { block in
                    // The fusion reads each adapter's Δ of the MLP's output: a serial adapter, added as is.
                    guard let a = block.mlp.adapter as? BottleneckAdapter, a.placement.reads == .output,
                        case .fixed(1) = a.placement.scale
                    else {
                        throw MethodError.unsupported(
                            method: Self.name, reason: "the source stage left no serial MLP adapter to fuse")
                    }
                    block.mlp.adapter = nil
                    a.freeze()
                    return a
                }
            }
            for (b, a) in adapters.enumerated() { perBlock[b].append(a) }
        }
        model.freeze()
        var rng = RNG(seed: seed)
        fusions = zip(blocks, perBlock).map { block, adapters in
            let f = FusionAdapter(adapters, dim: block.ln1.weight.count, rng: &rng)
            block.mlp.adapter = f
            return f
        }
    }

    /// What a task stores: the fusion and every source adapter it fuses (the target's own among
    /// them), which the deployed model needs as much as the fusion.
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        Dictionary(
            uniqueKeysWithValues: model.namedParameters().filter { $0.name.contains(".mlp.adapter.") }.map {
                ($0.name, $0.tensor.detached())
            })
    }

    /// No weight decay on the fusion (AdapterHub trains it with none): it would pull W_V towards
    /// 0 against the regularizer's pull towards I. The head keeps the default.
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let fusion = Set(
            fusions.flatMap {
                $0.namedParameters().filter { $0.tensor.requiresGrad }.map { ObjectIdentifier($0.tensor) }
            })
        let params = model.trainableParameters().map(\.tensor)
        return [ParameterGroup(params.filter { fusion.contains(ObjectIdentifier($0)) })]
            + ParameterGroup.decayingMatrices(
                params.filter { !fusion.contains(ObjectIdentifier($0)) }, weightDecay: weightDecay)
    }

    public func regularizer() -> Tensor? {
        guard regularization > 0, !fusions.isEmpty else { return nil }
        let terms = fusions.map { ($0.value - $0.identity).square().sum() }
        return terms.dropFirst().reduce(terms[0], +) * regularization
    }

    /// The mean share of each source in the fusion outside training, averaged over blocks: the
    /// target's own adapter's share, and the largest share of another task's.
    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        let shares = fusions.map(\.shares).filter { $0.contains { $0 > 0 } }
        guard !shares.isEmpty, let own = sources.firstIndex(where: \.isTarget) else { return [] }
        let mean = sources.indices.map { i in shares.reduce(0) { $0 + $1[i] } / Double(shares.count) }
        let others = mean.enumerated().filter { $0.offset != own }.map(\.element)
        return [("fusion_own_share", mean[own]), ("fusion_max_other_share", others.max() ?? 0)]
    }
}

/// The fusion attention of one block over its frozen source adapters.
final class FusionAdapter: Module, SublayerAdapter {
    let sources: [BottleneckAdapter]
    let query: Tensor, queryBias: Tensor  // (d, d), (d)
    let key: Tensor, keyBias: Tensor  // (d, d), (d)
    let value: Tensor  // (d, d)
    let _identity: Tensor
    private var _meter: ShareMeter

    init(_ sources: [BottleneckAdapter], dim d: Int, rng: inout RNG) {
        self.sources = sources
        query = .randn([d, d], std: 0.02, rng: &rng, requiresGrad: true)
        key = .randn([d, d], std: 0.02, rng: &rng, requiresGrad: true)
        queryBias = .zeros([d], requiresGrad: true)
        keyBias = .zeros([d], requiresGrad: true)
        _identity = Tensor((0..<(d * d)).map { $0 / d == $0 % d ? 1 : 0 }, shape: [d, d])
        value = Tensor((0..<(d * d)).map { $0 / d == $0 % d ? 1 : 1e-6 }, shape: [d, d], requiresGrad: true)
        _meter = ShareMeter(count: sources.count)
    }
    var identity: Tensor { _identity }

    func callAsFunction(input: Tensor, output h: Tensor) -> Tensor {
        let deltas = sources.map { $0.delta(h) }  // N × (…, d)
        let q = h.linear(weight: query, bias: queryBias)  // (…, d)
        let scores = Tensor.concat(
            deltas.map { (q * $0.linear(weight: key, bias: keyBias)).sum(axis: -1, keepDims: true) }, axis: -1)
        let p = scores.softmax()  // (…, N)
        if !isTraining { _meter.add(p) }
        let weighted = deltas.enumerated().map { p.slice(axis: -1, $0.offset..<($0.offset + 1)) * $0.element }
        let mixed = weighted.dropFirst().reduce(weighted[0], +)
        return h + mixed.linear(weight: value, bias: nil)  // W_V is linear, so applying it after the sum is the same
    }
    var shares: [Double] { _meter.shares }
}
