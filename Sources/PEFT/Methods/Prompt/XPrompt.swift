// XPrompt: prompt tuning, then hierarchical structured pruning and a rewind. P (l, d) is split
// into l tokens of `pieces` pieces each (d/pieces entries). Phase 1 (the first half of the run)
// trains P as prompt tuning and accumulates the importance of each token and piece, the size of
// the loss gradient with respect to a mask γ on it: I = Σ_steps |Σ_{e ∈ unit} (∂L/∂P)ₑ·Pₑ|.
// At its end the least important `prune_tokens` of the tokens, then `prune_pieces` of the
// surviving tokens' pieces, are pruned: a frozen 0/1 gate G (l, d) multiplies P (the model reads
// P ⊙ G), P rewinds to its initial values P₀ (the lottery-ticket rewind), the optimizer restarts,
// and phase 2 trains the surviving entries (FixedMask holds the pruned ones at P₀, unused).
// Ma et al. 2022, arXiv 2210.04457. Trainable: l·d in phase 1 (the count recorded before
// training), the surviving l(1 − t)·(1 − p)·d entries in phase 2. No merge.

import NN
import Tensor

public final class XPrompt: PEFTMethod {
    public static let name = "xprompt"
    public static let family = Family.prompt
    public static let paper = "2210.04457"
    public static let formula = "ld in phase 1, then l(1 − t)(1 − p)d"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 8 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "One round of pruning, in the run: phase 1 is the first half of the run's steps, phase 2 the rest (the paper repeats prune/rewind rounds, each a full training)",
        "A pruned token stays in the sequence as a zero vector (the mask's effect), it is not cut out; the rates are options (prune_tokens=0.25, prune_pieces=0.25)",
    ]
    let length: Int, pieces: Int
    let pruneTokens: Float, prunePieces: Float
    var prompt: Gated?
    var initial: [Float] = []
    var importance: [Double] = []  // per piece, l·pieces
    var tokenImportance: [Double] = []  // per token, l
    let mask = FixedMask()

    public init(_ options: Options) throws {
        length = try options.int("l", default: 8, in: 1...4_096)
        pieces = try options.int("pieces", default: 4, in: 1...4_096)
        pruneTokens = try options.float("prune_tokens", default: 0.25, in: 0...0.99)
        prunePieces = try options.float("prune_pieces", default: 0.25, in: 0...0.99)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let site = try model.emptyPromptSite(for: Self.name)
        guard site.width % pieces == 0 else {
            throw MethodError.invalidOption(
                method: Self.name, key: "pieces", value: "\(pieces)", expected: "a divisor of the width \(site.width)")
        }
        model.freeze()
        var rng = RNG(seed: seed)
        let p = Gated(PromptTuning.initialTokens(site, length: length, rng: &rng).copy(requiresGrad: true))
        site.prompt = p
        (prompt, initial) = (p, p.embedding.values)
        (importance, tokenImportance) = (
            [Double](repeating: 0, count: length * pieces), [Double](repeating: 0, count: length)
        )
    }

    /// Phase 1: each piece's and each token's |Σ g·P| (the gradient of a mask on it), summed over steps.
    public func afterBackward(_ step: Int, total: Int) {
        guard step <= FixedMask.lastStepOfFirstHalf(total: total), let p = prompt?.embedding, let g = p.grad else {
            return
        }
        let width = p.shape[1] / pieces
        let sums = (0..<(length * pieces)).map { u in
            (0..<width).reduce(0) { $0 + Double(g.data[u * width + $1] * p.data[u * width + $1]) }
        }
        for u in sums.indices { importance[u] += Swift.abs(sums[u]) }
        for t in 0..<length { tokenImportance[t] += Swift.abs((0..<pieces).reduce(0) { $0 + sums[t * pieces + $1] }) }
    }

    public func afterStep(_ step: Int, total: Int) {
        guard let prompt else { return }
        let (p, end) = (prompt.embedding, FixedMask.lastStepOfFirstHalf(total: total))
        if step == end {
            let (keep, width) = (survivors(), p.shape[1] / pieces)
            let entries = (0..<p.count).map { keep[$0 / width] }
            for e in 0..<p.count { (p.data[e], prompt.gate.data[e]) = (initial[e], entries[e] ? 1 : 0) }
            mask.set([(p, entries)])
        } else if step > end {
            mask.restore()
        }
    }

    /// The surviving pieces (l·pieces): the most important tokens, then their most important pieces.
    func survivors() -> [Bool] {
        let tokens = FixedMask.topK([tokenImportance], length - Int(Float(length) * pruneTokens))[0]
        let live = (0..<(length * pieces)).filter { tokens[$0 / pieces] }
        let kept = FixedMask.topK([live.map { importance[$0] }], live.count - Int(Float(live.count) * prunePieces))[0]
        var out = [Bool](repeating: false, count: length * pieces)
        for (i, u) in live.enumerated() where kept[i] { out[u] = true }
        return out
    }

    public func restartedTensors(after step: Int, total: Int) -> [Tensor] {
        step == FixedMask.lastStepOfFirstHalf(total: total) ? prompt.map { [$0.embedding] } ?? [] : []
    }

    public func trainableMask(_ tensor: Tensor) -> [Bool]? { mask.mask(tensor) }
    /// The gate: frozen, set by the pruning, part of the stored prompt.
    public func rewrittenTensors(_ model: Module) -> [String] {
        model.namedParameters().filter { $0.tensor === prompt?.gate }.map(\.name)
    }

    /// P (l, d) read through a frozen 0/1 gate G: P ⊙ G, all ones until the pruning.
    final class Gated: Module, PromptProvider {
        let embedding: Tensor, gate: Tensor
        init(_ embedding: Tensor) { (self.embedding, gate) = (embedding, .ones(embedding.shape)) }
        func tokens() -> Tensor { embedding * gate }
    }
}
