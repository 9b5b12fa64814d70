// PaFi: a task-agnostic sparse mask from the pretrained weights alone. The k = ⌊ρN⌋ backbone
// entries of smallest |θ₀| train (they matter least to the pretrained function, the paper's
// argument), chosen once before training, the same for every task; the others stay θ₀
// (FixedMask). Candidates: the transformer blocks' tensors (weights, biases, norms), one global
// ranking (ties: lower tensor order, then lower index); the input tables and the head are not.
// Liao, Meng & Monz 2023, arXiv 2305.16742. Trainable: ⌊ρ·N_blocks⌋, N_blocks = L(12d² + 13d).
// Edited in place: plain weights.

import NN
import Tensor

public final class PaFi: PEFTMethod {
    public static let name = "pafi"
    public static let family = Family.selective
    public static let paper = "2305.16742"
    public static let formula = "⌊ρ·L(12d² + 13d)⌋"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        Int((Double(Float(0.005)) * Double(s.blockParams)).rounded(.down))
    }
    public static let mergeable = true
    public static let departures = [
        "The paper's text was not available here: the candidates (the blocks' tensors) and one global ranking are our reading of its rule"
    ]
    let density: Float
    let mask = FixedMask()

    public init(_ options: Options) throws {
        density = try options.float("density", default: 0.005, in: 1e-9...1)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let candidates = try model.blockTensors(for: Self.name)
        let total = candidates.reduce(0) { $0 + $1.count }
        let k = Int((Double(density) * Double(total)).rounded(.down))
        let chosen = FixedMask.topK(candidates.map { $0.values.map { -Double(Swift.abs($0)) } }, k)
        for t in candidates { t.requiresGrad = true }
        mask.set(Array(zip(candidates, chosen)))
    }

    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    public func storedTensors(_ model: Module) -> [String: Tensor]? { mask.stored() }
    public func afterStep(_ step: Int, total: Int) { mask.restore() }
    public func merge(_ model: Module) throws {}
}
