// RoSA (robust adaptation): a low-rank and a sparse update on every target, trained jointly,
//   y = (W₀ + S)x + b + (α/r)·B A x,   A (r, in) Kaiming-uniform, B (out, r) = 0, S = 0 off its mask.
// The mask is fixed before training, per target: the k entries of W with the largest empirical
// Fisher information, F̂ = mean over `fisher_examples` examples of (∂ℓᵢ/∂W)² (per-example
// squares, as the authors' collector over micro-batches of one). S lives in W's own entries
// (FixedMask puts the others back to W₀ after each step) and trains at 2/7 of the factors' rate
// without weight decay (the authors' 2e-4 against LoRA's 7e-4, decay 0). Merge: W ← W₀ + S + sBA.
// Nikdan et al. 2024, arXiv 2401.04679. Trainable per target: r(d_in + d_out) + k, where k is
// ⌊ρ·d_in·d_out⌋ or, by default, r(d_in + d_out): the paper's headline split (r = 16 with 0.6%
// density on LLaMA-2-7B, about as many sparse as low-rank entries). Default r = 4 on all six
// block Linears: LoRA r = 8's budget there, 144dL.

import NN
import Tensor

public final class RoSA: PEFTMethod {
    public static let name = "rosa"
    public static let family = Family.hybrid
    public static let paper = "2401.04679"
    public static let formula = "r(d_in + d_out) + k per target (k = r(d_in + d_out) by default: 144dL at r = 4)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * 4 * s.L * (8 * s.d + 2 * (s.d + s.hidden)) }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static let departures = [
        "No LoRA warm-up before the mask: the authors' recipe trains LoRA alone for 64 steps, takes the Fisher there, then restarts from scratch with the mask; here the Fisher is taken at the pretrained weights, because a method's preparation has no learning rate to warm up with",
        "The sparse part matches the low-rank part's count per target by default (the paper's headline budgets split about evenly); a `density` option sets ρ instead",
        "S lives in W's own entries, so each backward computes W's dense gradient and each step restores the entries off the mask: the step costs full fine-tuning's plus LoRA's, where the authors' sparse kernels cost about LoRA's",
    ]
    let options: LowRankOptions
    let density: Float?
    let examples: Int
    let mask = FixedMask()
    var factors: [LowRankHook] = []
    var weights: [Tensor] = []

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, rank: 4, targets: ["all-linear"])
        density = try options.given("density").map { _ in try options.float("density", default: 0, in: 1e-9...1) }
        examples = try options.int("fisher_examples", default: 32, in: 1...1_000_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let targets = try options.attachLoRA(model, method: Self.name, seed: seed)
        (factors, weights) = (targets.map(\.hook), targets.map(\.linear.weight))
    }

    /// The mask: per target, the top k of the per-example squared gradients of W at W₀.
    public func prepare(_ model: Module, exampleCount: Int, exampleLoss: (Int) -> Tensor) throws {
        for w in weights { w.requiresGrad = true }
        var fisher = weights.map { [Double](repeating: 0, count: $0.count) }
        let n = Swift.min(examples, exampleCount)
        for i in 0..<n {
            for w in weights { w.grad = nil }
            exampleLoss(i).backward()
            for (j, w) in weights.enumerated() {
                guard let g = w.grad else { continue }
                for e in 0..<w.count { fisher[j][e] += Double(g.data[e]) * Double(g.data[e]) / Double(n) }
            }
        }
        for t in model.namedParameters().map(\.tensor) { t.grad = nil }
        let chosen = zip(weights, fisher).map { w, f in
            let (o, i) = (w.shape[0], w.shape[1])
            let k = density.map { Int((Double($0) * Double(o * i)).rounded(.down)) } ?? options.rank * (o + i)
            return (w, FixedMask.topK([f], Swift.min(k, o * i))[0])
        }
        mask.set(chosen)
    }

    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    public func afterStep(_ step: Int, total: Int) { mask.restore() }

    /// The factors at the run's rate; S at 2/7 of it, without weight decay.
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let sparse = Set(weights.map(ObjectIdentifier.init))
        let rest = model.trainableParameters().map(\.tensor).filter { !sparse.contains(ObjectIdentifier($0)) }
        return [ParameterGroup(weights, lrScale: 2 / 7)]
            + ParameterGroup.decayingMatrices(rest, weightDecay: weightDecay)
    }

    /// The factors and S as a sparse delta (indices and values).
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        let dense = Set(weights.map(ObjectIdentifier.init))
        let output = model.outputLayerPattern
        let others = model.trainableParameters().filter { p in
            !dense.contains(ObjectIdentifier(p.tensor)) && !(output.map { glob($0, p.name) } ?? false)
        }
        return mask.stored().merging(others.map { ($0.name, $0.tensor.detached()) }) { a, _ in a }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
