// Child-Tuning: fine-tune a "child network" of the model by masking gradients.
//   F (task-free): every step, each gradient entry is kept with probability p and scaled by 1/p,
//     g ← g ⊙ Bernoulli(p)/p, redrawn per step (so every entry may move; ≈ pN per step).
//   D (task-driven): before training, the Fisher information of the blocks' entries,
//     F̂ = mean over batches of (∇ batch loss)², each tensor's gradient clipped to norm 1 first;
//     the top ⌊p·N_blocks⌋ entries train, fixed; everything outside the blocks (input tables,
//     final norm) trains whole. The others stay θ₀ (FixedMask; the authors' optimizer would
//     still apply weight decay to them — here nothing outside the mask moves).
// Xu et al. 2021, arXiv 2109.05687 (the authors' ChildTuningAdamW and calculate_fisher, as
// AliceMind/ChildTuning). Trainable: F: N; D: ⌊p·L(12d² + 13d)⌋ + the non-block entries.
// Edited in place: plain weights.

import NN
import Tensor

public final class ChildTuning: PEFTMethod {
    public static let name = "child-tuning"
    public static let family = Family.selective
    public static let paper = "2109.05687"
    public static let formula = "F: N (≈pN per step); D: ⌊p·L(12d² + 13d)⌋ + non-block N"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.params }  // variant F
    public static let lrScale: Float = 1
    public static let mergeable = true
    let variant: String
    let p: Float
    let examples: Int, batch: Int
    let mask = FixedMask()
    var rng = RNG(seed: 0)
    var params: [Tensor] = []

    public init(_ options: Options) throws {
        variant = try options.choice("variant", default: "F", among: ["F", "D"])
        p = try options.float("p", default: 0.3, in: 1e-6...1)
        examples = try options.int("fisher_examples", default: 256, in: 1...1_000_000)
        batch = try options.int("fisher_batch", default: 16, in: 1...100_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        _ = try model.requireBlocks(for: Self.name)
        model.unfreeze()
        if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
        rng = RNG(seed: seed ^ 0xC41D)
        params = model.trainableParameters().map(\.tensor)
    }

    /// D: the Fisher of the blocks' entries from batch gradients, and the fixed mask.
    public func prepare(_ model: Module, exampleCount: Int, exampleLoss: (Int) -> Tensor) throws {
        guard variant == "D" else { return }
        let blocks = try model.blockTensors(for: Self.name)
        var fisher = blocks.map { [Double](repeating: 0, count: $0.count) }
        let n = Swift.min(examples, exampleCount)
        let starts = Array(stride(from: 0, to: n, by: batch))
        for start in starts {
            for t in params { t.grad = nil }
            let ids = start..<Swift.min(start + batch, n)
            (ids.dropFirst().map(exampleLoss).reduce(exampleLoss(ids.first!), +) * (1 / Float(ids.count))).backward()
            for (j, t) in blocks.enumerated() {
                guard let g = t.grad else { continue }
                let norm = g.values.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
                let clip = norm > 1 ? 1 / norm : 1
                for e in 0..<t.count { fisher[j][e] += Double(g.data[e]) * clip * Double(g.data[e]) * clip }
            }
        }
        for t in params { t.grad = nil }
        let k = Int((Double(p) * Double(blocks.reduce(0) { $0 + $1.count })).rounded(.down))
        mask.set(Array(zip(blocks, FixedMask.topK(fisher.map { $0.map { $0 / Double(starts.count) } }, k))))
    }

    /// F: a fresh Bernoulli(p) mask on every gradient entry, kept entries scaled by 1/p.
    public func afterBackward(_ step: Int, total: Int) {
        guard variant == "F" else { return }
        let keep = 1 / p
        for t in params {
            guard let g = t.grad else { continue }
            let d = g.data
            for e in 0..<g.count { d[e] = Float.random(in: 0..<1, using: &rng) < p ? d[e] * keep : 0 }
        }
    }

    public func afterStep(_ step: Int, total: Int) { mask.restore() }
    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    public func storedTensors(_ model: Module) -> [String: Tensor]? { variant == "D" ? mask.stored() : nil }
    public func merge(_ model: Module) throws {}
}
