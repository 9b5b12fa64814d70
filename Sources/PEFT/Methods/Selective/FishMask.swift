// FishMask: a fixed sparse mask from the empirical Fisher information. Before training,
// F̂ = Σᵢ (∇θ ℓᵢ)² over `fisher_examples` training examples, with PER-EXAMPLE squared gradients
// (not the square of the mean gradient); the mask is the top k = ⌊ρN⌋ entries of F̂ over the
// whole backbone (ties: lower tensor order, then lower index). Only masked entries change: after
// every optimizer step the others are put back to θ₀ (FixedMask).
// Sung et al. 2021, arXiv 2111.09839. Trainable: ⌊ρN⌋. Edited in place: plain weights.

import NN
import Tensor

public final class FishMask: PEFTMethod {
    public static let name = "fishmask"
    public static let family = Family.selective
    public static let paper = "2111.09839"
    public static let formula = "⌊ρN⌋"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        Int((Double(Float(0.005)) * Double(s.params)).rounded(.down))
    }  // ρ = 0.005, in Float as the option is
    public static let mergeable = true
    let density: Float
    let examples: Int
    let mask = FixedMask()

    public init(_ options: Options) throws {
        density = try options.float("density", default: 0.005, in: 1e-9...1)
        examples = try options.int("fisher_examples", default: 256, in: 1...1_000_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.unfreeze()  // the whole backbone is a candidate; the mask is chosen in `prepare`
        if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
    }

    public func prepare(_ model: Module, exampleCount: Int, exampleLoss: (Int) -> Tensor) throws {
        let params = model.trainableParameters().map(\.tensor)
        var fisher = params.map { [Double](repeating: 0, count: $0.count) }
        for i in 0..<Swift.min(examples, exampleCount) {
            for p in params { p.grad = nil }
            exampleLoss(i).backward()
            for (j, p) in params.enumerated() {
                guard let g = p.grad else { continue }
                for e in 0..<p.count { fisher[j][e] += Double(g.data[e]) * Double(g.data[e]) }
            }
        }
        for p in params { p.grad = nil }
        let total = params.reduce(0) { $0 + $1.count }
        let k = Int((Double(density) * Double(total)).rounded(.down))
        mask.set(Array(zip(params, FixedMask.topK(fisher, k))))
    }

    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    /// The masked entries' changes only (indices and values, as diff pruning stores them).
    public func storedTensors(_ model: Module) -> [String: Tensor]? { mask.stored() }
    public func afterStep(_ step: Int, total: Int) { mask.restore() }

    public func merge(_ model: Module) throws {}
}
