// ProPETL: one prototype adapter shared by every block, and per block a binary mask over its
// weights: block l adds Δ_l(h) = (W_up ⊙ M_up,l) ReLU((W_down ⊙ M_down,l) h + b_d) + b_u, serial
// after the MLP (Pfeiffer's place); W_down (m, d), W_up (d, m), b_d, b_u shared and unmasked.
// M = the top `density` fraction of |S| per tensor, S real scores trained by the straight-through
// estimator (∂L/∂S = sign(S) ⊙ ∂L/∂M). Zeng, Zhang & Lu 2023, arXiv 2305.17682.
// Trainable: 2dm + m + d (the prototype) + 2dmL (the scores); stored: the prototype and the
// masks as 2dmL bits. Does not merge (an adapter).
// As the authors' RoBERTa code (one prototype after the FFN, Pfeiffer's config): prototype weights
// N(0, 0.02²), biases 0; scores Kaiming-uniform on their transposed (d, m) and (m, d) storage,
// so bound 1/√m for M_down and 1/√d for M_up; the scores at a larger rate (their T5 ratio, 10).

import NN
import Tensor

public final class ProPETL: PEFTMethod {
    public static let name = "propetl"
    public static let family = Family.hybrid
    public static let paper = "2305.17682"
    public static let formula = "2dm + m + d + 2dmL (scores; stored as 2dmL bits)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.d * 8 + 8 + s.d + 2 * s.d * 8 * s.L }
    public static let mergeable = false
    public static let stepZero = StepZero.perturbedBase
    public static let exactGradients = false  // the masks' straight-through gradient (SearchedDesignTests checks it)
    public static let departures = [
        "The prototype is ProPETL's adapter variant only (the paper also has LoRA and prefix prototypes), and without task masks: one task per run",
        "The scores train at 10 × the run's rate, the authors' T5 ratio, while the rest follows their RoBERTa setup (whose ratio is 30: mask rate 3e-3 against 1e-4)",
        "One prototype, after the MLP, as their RoBERTa code; their T5 code shares one per sublayer (attention and FFN) across blocks",
    ]
    let options: AdapterOptions
    let density: Float
    let scoreRatio: Float
    private(set) var adapters: [MaskedAdapter] = []
    private var initialMasks: [[Float]] = []

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        density = try options.float("density", default: 0.5, in: 0.001...1)
        scoreRatio = try options.float("score_ratio", default: 10, in: 0.01...1e4)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        let (d, m) = (model.blockWidth, options.bottleneck)
        try options.checkBottleneck(width: d, method: Self.name)
        var rng = RNG(seed: seed)
        model.freeze()
        let prototype = BottleneckAdapter(
            weights: DenseBottleneck(dim: d, bottleneck: m, std: 0.02, rng: &rng), dim: d, bottleneck: m,
            activation: options.activation, placement: .serial)
        adapters = []
        for block in blocks {
            guard block.mlp.adapter == nil else {
                throw MethodError.unsupported(method: Self.name, reason: "a sublayer already has an adapter")
            }
            let a = MaskedAdapter(prototype: prototype, density: density, rng: &rng)
            block.mlp.adapter = a
            adapters.append(a)
        }
        initialMasks = adapters.map(\.maskBits)
    }

    /// Every block's score tensors, which train but are not deployed (only their masks are).
    var scores: Set<ObjectIdentifier> {
        Set(adapters.flatMap { [ObjectIdentifier($0.downScores), ObjectIdentifier($0.upScores)] })
    }

    /// The scores at `score_ratio` × the rate; the prototype and the head as usual.
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let (scores, params) = (self.scores, model.trainableParameters().map(\.tensor))
        let isScore = { (t: Tensor) in scores.contains(ObjectIdentifier(t)) }
        return [ParameterGroup(params.filter(isScore), lrScale: scoreRatio, weightDecay: weightDecay)]
            + ParameterGroup.decayingMatrices(params.filter { !isScore($0) }, weightDecay: weightDecay)
    }

    /// The prototype and every block's masks as packed bits (the scores themselves are not needed).
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        let scores = self.scores
        var out: [String: Tensor] = [:]
        for p in model.trainableParameters() where !scores.contains(ObjectIdentifier(p.tensor)) {
            out[p.name] = p.tensor.detached()
        }
        for (l, a) in adapters.enumerated() { out["blocks.\(l).mlp.adapter.mask_bits"] = packedSigns(a.maskBits) }
        return out
    }

    /// How far training moved the masks from their random start, and how much the blocks' masks
    /// overlap (fraction of kept entries two blocks share, averaged over pairs).
    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        let now = adapters.map(\.maskBits)
        guard let n = now.first?.count, n > 0 else { return [] }
        let flipped = zip(now, initialMasks).map { a, b in zip(a, b).filter { $0 != $1 }.count }.reduce(0, +)
        var shared = 0.0, pairs = 0
        for i in now.indices {
            for j in now.indices where j > i {
                let both = zip(now[i], now[j]).filter { $0 == 1 && $1 == 1 }.count
                shared += Double(both) / Double(Swift.max(1, now[i].filter { $0 == 1 }.count))
                pairs += 1
            }
        }
        var out = [("mask_changed", Double(flipped) / Double(n * now.count))]
        if pairs > 0 { out.append(("mask_overlap", shared / Double(pairs))) }
        return out
    }

    /// Block l's view of the prototype: its own scores, the shared weights and biases.
    final class MaskedAdapter: Module, SublayerAdapter {
        let prototype: BottleneckAdapter
        let downScores: Tensor  // S_down (m, d)
        let upScores: Tensor  // S_up (d, m)
        let density: Float

        init(prototype: BottleneckAdapter, density: Float, rng: inout RNG) {
            let (m, d) = (prototype.downBias.count, prototype.upBias.count)
            let (bd, bu) = (1 / Float(m).squareRoot(), 1 / Float(d).squareRoot())
            self.prototype = prototype
            downScores = .uniform([m, d], -bd, bd, rng: &rng, requiresGrad: true)
            upScores = .uniform([d, m], -bu, bu, rng: &rng, requiresGrad: true)
            self.density = density
        }

        func callAsFunction(input: Tensor, output: Tensor) -> Tensor {
            let w = prototype.weights
            return output
                + BottleneckAdapter.delta(
                    output, down: Self.masked(w.down(), by: downScores, density: density),
                    downBias: prototype.downBias, up: Self.masked(w.up(), by: upScores, density: density),
                    upBias: prototype.upBias, activation: prototype.activation)
        }

        /// W ⊙ M(S) forward; backward gives W the masked gradient and S sign(S) ⊙ W ⊙ ∂L/∂(W ⊙ M):
        /// M + |S| − stop(|S|) has M's value and |S|'s gradient.
        static func masked(_ w: Tensor, by scores: Tensor, density: Float) -> Tensor {
            let m = Tensor(topMask(scores.values, density: density), shape: scores.shape)
            let a = scores.abs()
            return w * (m + (a - a.detached()))
        }

        /// 1 for the ⌈density·n⌉ largest |s| (ties: the lower index), 0 elsewhere.
        static func topMask(_ s: [Float], density: Float) -> [Float] {
            let k = Swift.max(1, Int((Double(density) * Double(s.count)).rounded(.up)))
            let order = s.indices.sorted {
                Swift.abs(s[$0]) != Swift.abs(s[$1]) ? Swift.abs(s[$0]) > Swift.abs(s[$1]) : $0 < $1
            }
            var bits = [Float](repeating: 0, count: s.count)
            for i in order.prefix(k) { bits[i] = 1 }
            return bits
        }

        /// Both masks, flattened (down then up).
        var maskBits: [Float] {
            Self.topMask(downScores.values, density: density) + Self.topMask(upScores.values, density: density)
        }
    }
}
