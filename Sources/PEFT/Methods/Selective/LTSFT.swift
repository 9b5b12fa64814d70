// Lottery-ticket sparse fine-tuning (LT-SFT): phase 1 fine-tunes the whole backbone, θ₀ → θ₁;
// the mask is the top k = ⌊ρN⌋ entries of |θ₁ − θ₀| over the backbone (ties: lower tensor order,
// then lower index); every entry is reset to θ₀, the optimizer state restarts, and phase 2
// trains only the masked entries (FixedMask puts the others back to θ₀ after each step). The
// result is a sparse δ over θ₀, which composes with other tasks' by addition.
// Ansell et al. 2021, arXiv 2110.07560. Trainable: N in phase 1 (the count the runner records
// before training); ⌊ρN⌋ in phase 2 and in the stored δ (changed_params). Plain weights.

import NN
import Tensor

public final class LTSFT: PEFTMethod {
    public static let name = "lt-sft"
    public static let family = Family.selective
    public static let paper = "2110.07560"
    public static let formula = "N in phase 1, then ⌊ρN⌋"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.params }
    public static let mergeable = true
    public static let departures = [
        "The two phases share the run's steps (phase 1 the first half, phase 2 the rest, the schedule running on); the paper gives each phase a full budget of its own",
        "ρ = 0.005 as our FishMask, for comparable sparse rows; the paper's k is set per task",
    ]
    let density: Float
    let mask = FixedMask()
    var tensors: [Tensor] = []
    var start: [[Float]] = []

    public init(_ options: Options) throws {
        density = try options.float("density", default: 0.005, in: 1e-9...1)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        _ = try model.requireBlocks(for: Self.name)
        model.unfreeze()  // phase 1 trains the whole backbone
        if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
        tensors = model.trainableParameters().map(\.tensor)
        start = tensors.map(\.values)
    }

    public func afterStep(_ step: Int, total: Int) {
        let end = FixedMask.lastStepOfFirstHalf(total: total)
        if step == end {
            let moved = zip(tensors, start).map { t, s in (0..<t.count).map { Double(Swift.abs(t.data[$0] - s[$0])) } }
            let total = tensors.reduce(0) { $0 + $1.count }
            let kept = FixedMask.topK(moved, Int((Double(density) * Double(total)).rounded(.down)))
            for (t, s) in zip(tensors, start) { for e in 0..<t.count { t.data[e] = s[e] } }
            mask.set(Array(zip(tensors, kept)))
        } else if step > end {
            mask.restore()
        }
    }

    public func restartedTensors(after step: Int, total: Int) -> [Tensor] {
        step == FixedMask.lastStepOfFirstHalf(total: total) ? tensors : []
    }

    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    /// The masked entries' changes only (indices and values): the sparse δ.
    public func storedTensors(_ model: Module) -> [String: Tensor]? { mask.stored() }
    public func merge(_ model: Module) throws {}
}
