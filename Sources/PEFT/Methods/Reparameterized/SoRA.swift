// SoRA: LoRA with a gate on its ranks that a proximal step drives to exact zeros.
//   y = W₀x + b + s·B·diag(g)·A x,  s = α/r, A (r, in) Kaiming-uniform, B (out, r) zero,
//   g ∈ ℝ^r drawn from N(0, 1) (the authors' code; B = 0 keeps step 0 the base).
// g takes an ordinary AdamW step (no weight decay), then the proximal step of an L1 penalty,
// g ← sign(g)·max(|g| − ξ, 0), with ξ = 1e-3 per step as the authors' SparseAdamW (ξ not
// multiplied by the rate). A zero gate removes its rank: the stored adapter keeps only the
// surviving rows of A and columns of B·diag(g), and the row's extras report how many survive.
// Merge: W ← W₀ + s·B·diag(g)·A. Ding et al. 2023, arXiv 2311.11696.
// Trainable: r(d_in + d_out) + r per target (stored: r′(d_in + d_out), r′ the open gates).

import NN
import Tensor

public final class SoRA: PEFTMethod {
    public static let name = "sora"
    public static let family = Family.reparameterized
    public static let paper = "2311.11696"
    public static let formula = "r(d_in + d_out) + r per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) + 2 * s.L * 8 }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static let departures = [
        "ξ stays fixed through the run; the authors' scheduled variant raises it in stages over many epochs (our runs are 150–300 steps)"
    ]
    let options: LowRankOptions
    let threshold: Float
    var targets: [(path: String, hook: Hook)] = []

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        threshold = try options.float("xi", default: 1e-3, in: 0...10)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        var rng = RNG(seed: seed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        model.freeze()
        try options.attach(model, method: Self.name) {
            let (a, b) = LowRankHook.initialFactors(
                inFeatures: $0.inFeatures, outFeatures: $0.outFeatures, rank: r, rng: &rng)
            return Hook(a: a, b: b, gate: .randn([r], rng: &rng, requiresGrad: true), scale: s)
        }
        targets = hooks(model, Hook.self).map { ($0.path, $0.hook) }
    }

    /// The gates on their own, without weight decay (the L1 step is their only shrinkage).
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let gates = Set(targets.map { ObjectIdentifier($0.hook.gate) })
        let rest = model.trainableParameters().map(\.tensor).filter { !gates.contains(ObjectIdentifier($0)) }
        return [ParameterGroup(targets.map(\.hook.gate))]
            + ParameterGroup.decayingMatrices(rest, weightDecay: weightDecay)
    }

    /// The proximal step of ξ‖g‖₁: soft thresholding.
    public func afterStep(_ step: Int, total: Int) {
        for (_, h) in targets {
            let g = h.gate.data
            for j in 0..<h.gate.count {
                g[j] = g[j] > 0 ? Swift.max(g[j] - threshold, 0) : Swift.min(g[j] + threshold, 0)
            }
        }
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        let open = targets.reduce(0) { $0 + $1.hook.gate.values.filter { $0 != 0 }.count }
        return [
            ("open_gates", Double(open)),
            ("gate_share", Double(open) / Double(Swift.max(1, targets.count * options.rank))),
        ]
    }

    /// The surviving ranks only: A′ (r′, in), B′ = (B·diag(g)) (out, r′).
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        var out: [String: Tensor] = [:]
        for (path, h) in targets {
            let open = h.gate.values.indices.filter { h.gate.values[$0] != 0 }
            let (a, b, g) = (h.a.values, h.b.values, h.gate.values)
            let (i, o, r) = (h.a.shape[1], h.b.shape[0], h.gate.count)
            out[path + ".hook.a"] = Tensor(open.flatMap { a[($0 * i)..<($0 * i + i)] }, shape: [open.count, i])
            out[path + ".hook.b"] = Tensor(
                (0..<o).flatMap { y in open.map { b[y * r + $0] * g[$0] } }, shape: [o, open.count])
        }
        return out
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    public final class Hook: Module, MergeableLinearHook {
        public let a: Tensor  // (r, in)
        public let b: Tensor  // (out, r)
        public let gate: Tensor  // (r)
        let scale: Float
        init(a: Tensor, b: Tensor, gate: Tensor, scale: Float) {
            (self.a, self.b, self.gate, self.scale) = (a, b, gate, scale)
        }

        public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(weight: base.weight, bias: base.bias, lowRankA: a, b: b * gate, scale: scale)
        }
        public func mergedWeight(_ base: Linear) -> Tensor { base.weight + (b * gate).matmul(a) * scale }
    }
}
