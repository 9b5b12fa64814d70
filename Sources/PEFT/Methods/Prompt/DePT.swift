// DePT (decomposed prompt tuning): a shorter prompt P (l, d), placed as prompt tuning places it,
// plus a low-rank offset of the input embeddings, position by position:
//     E ← E + A·B,   A (s, r), B (r, d),   s = the backbone's position count,
// added to the position table (the offset of position i is row i of AB). A starts uniform
// ±1/√r, B at 0, so AB = 0 at step 0. A and B train at `ratio` × the prompt's rate (the paper's
// two learning rates). Shi & Lipani 2023, arXiv 2309.05173. Trainable: l·d + r(s + d). No merge
// (AB alone would fold into the position table; the prompt does not).

import NN
import Tensor

public final class DePT: PEFTMethod {
    public static let name = "dept"
    public static let family = Family.prompt
    public static let paper = "2309.05173"
    public static let formula = "ld + r(s + d), s positions"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 4 * s.d + 4 * (s.positions + s.d) }  // l = r = 4
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "One rate for the prompt and the offset by default (ratio=1): the paper's pair (prompt ~3e-1, AB ~1e-4 on T5) is tuned to T5's embedding scale; our search tunes the shared rate and `ratio` sets η_AB/η_P",
        "s is the backbone's whole position table (on minilm 512 rows, most of them beyond our texts), so the count is an upper bound on what the task touches",
    ]
    let length: Int, rank: Int
    let ratio: Float
    var offsetFactors: [Tensor] = []

    public init(_ options: Options) throws {
        length = try options.int("l", default: 4, in: 1...4_096)
        rank = try options.int("r", default: 4, in: 1...4_096)
        ratio = try options.float("ratio", default: 1, in: 1e-6...1e6)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        var site = try model.emptyPromptSite(for: Self.name)
        guard site.positionOffset == nil else {
            throw MethodError.unsupported(method: Self.name, reason: "the position table already has an offset")
        }
        let (s, d) = (site.pos.shape[0], site.pos.shape[1])
        guard rank <= min(s, d) else {
            throw MethodError.invalidOption(
                method: Self.name, key: "r", value: "\(rank)",
                expected: "an integer in 1…\(min(s, d)) (positions × width)")
        }
        model.freeze()
        var rng = RNG(seed: seed)
        site.prompt = PromptTuning.Prompt(
            PromptTuning.initialTokens(site, length: length, rng: &rng).copy(requiresGrad: true))
        let bound = 1 / Float(rank).squareRoot()
        let offset = Offset(
            a: .uniform([s, rank], -bound, bound, rng: &rng, requiresGrad: true),
            b: .zeros([rank, d], requiresGrad: true))
        site.positionOffset = offset
        offsetFactors = [offset.a, offset.b]
    }

    /// A and B at `ratio` × the run's rate; the prompt and the head as the default groups.
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let ids = Set(offsetFactors.map(ObjectIdentifier.init))
        let rest = model.trainableParameters().map(\.tensor).filter { !ids.contains(ObjectIdentifier($0)) }
        return [ParameterGroup(offsetFactors, lrScale: ratio, weightDecay: weightDecay)]
            + ParameterGroup.decayingMatrices(rest, weightDecay: weightDecay)
    }

    final class Offset: Module, PositionOffset {
        let a: Tensor  // (s, r)
        let b: Tensor  // (r, d)
        init(a: Tensor, b: Tensor) { (self.a, self.b) = (a, b) }
        func offset() -> Tensor { a.matmul(b) }
    }
}
