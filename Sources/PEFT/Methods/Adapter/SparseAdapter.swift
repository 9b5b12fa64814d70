// SparseAdapter (Large-Sparse): a serial bottleneck adapter after each MLP (Pfeiffer's place),
// twice as wide (m = 16) and pruned once at initialisation to half its weights, so it has the
// non-zeros of an m = 8 adapter: Δ = W_up ReLU(W_down h + b_d) + b_u with W_down, W_up ~ N(0, 0.02²)
// (the authors' "bert" init), biases 0. Before training, SNIP scores every weight entry by
// |∂L/∂W ⊙ W| on `snip_examples` training examples (summed), and the top (1 − s) of all the
// adapters' weights, globally, are kept; the rest are set to 0 and stay 0 (FixedMask).
// He et al. 2022, arXiv 2210.04284. Trainable: ⌊(1 − s)·2dmL⌋ + (m + d)L. Does not merge.

import NN
import Tensor

public final class SparseAdapter: PEFTMethod {
    public static let name = "sparse-adapter"
    public static let family = Family.adapter
    public static let paper = "2210.04284"
    public static let formula = "⌊(1 − s)·2dmL⌋ + (m + d)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        Int((Double(Float(0.5)) * Double(2 * s.d * 16 * s.L)).rounded(.down)) + (16 + s.d) * s.L
    }
    public static let mergeable = false
    public static let stepZero = StepZero.perturbedBase
    public static let departures = [
        "One SNIP pass over 64 training examples, one at a time (the authors' pruner sums the loss gradient over their loader's batches)"
    ]
    let options: AdapterOptions
    let sparsity: Float
    let examples: Int
    let mask = FixedMask()
    var weights: [Tensor] = []

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 16, activation: .relu)
        sparsity = try options.float("sparsity", default: 0.5, in: 0...0.999)
        examples = try options.int("snip_examples", default: 64, in: 1...1_000_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        try options.attach(model, method: Self.name, sites: [\.mlpSite], seed: seed, placement: .serial) {
            DenseBottleneck(dim: $0, bottleneck: options.bottleneck, std: 0.02, rng: &$1)
        }
        weights = model.transformerBlocks.compactMap { $0.mlp.adapter as? BottleneckAdapter }.flatMap {
            [$0.weights.down(), $0.weights.up()]
        }
    }

    /// SNIP: the top (1 − s) of |g ⊙ W| over every adapter weight; the others are zeroed.
    public func prepare(_ model: Module, exampleCount: Int, exampleLoss: (Int) -> Tensor) throws {
        let params = model.trainableParameters().map(\.tensor)
        for p in params { p.grad = nil }
        for i in 0..<Swift.min(examples, exampleCount) { exampleLoss(i).backward() }
        let scores = weights.map { w in
            (0..<w.count).map { e in Double(Swift.abs((w.grad?.data[e] ?? 0) * w.data[e])) }
        }
        for p in params { p.grad = nil }
        let total = weights.reduce(0) { $0 + $1.count }
        let kept = FixedMask.topK(scores, Int((Double(1 - sparsity) * Double(total)).rounded(.down)))
        for (w, keep) in zip(weights, kept) { for e in 0..<w.count where !keep[e] { w.data[e] = 0 } }
        mask.set(Array(zip(weights, kept)))
    }

    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    public func afterStep(_ step: Int, total: Int) { mask.restore() }

    /// The kept weights as (index, value) pairs and the biases, as the sparse adapter is stored.
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        var out = sparseDelta(weights.map { ($0, [Float](repeating: 0, count: $0.count)) })
        for (name, t) in model.trainableParameters() where !weights.contains(where: { $0 === t }) { out[name] = t }
        return out
    }
}
