// SPoT (targeted): prompt tuning that starts from another task's trained prompt. The source
// stage tunes an l-token prompt P_t (l, d) on every task of the group; each task's embedding is
// the mean of its prompt's tokens, e_t = (1/l) Σ_j P_t[j]; the target starts from the prompt of
// the other task whose embedding is most cosine-similar to its own, and trains it as prompt
// tuning does. Vu et al. 2022, arXiv 2110.07904. Trainable: l·d. Does not merge.

import NN
import Tensor

public final class SPoT: PEFTMethod {
    public static let name = "spot"
    public static let family = Family.multitask
    public static let paper = "2110.07904"
    public static let formula = "ld"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 8 * s.d }  // l = 8
    public static let stepZero = StepZero.changedSequence
    public static let mergeable = false
    public static let departures = [
        "the target's task embedding is its prompt after a full prompt-tuning run (the paper takes an early checkpoint), and similarity is the cosine of average tokens, the paper's COS. AVG",
        "SPoT-targeted from one selected source; the paper's SPoT-generic (one prompt trained on a mixture of all sources) is not here",
        "the source prompts are trained at the task's default rate × prompt-tuning's scale, not a rate tuned per source",
    ]

    public let sourceStage: SourceStage?
    let prompt: PromptTuning
    private var chosen: (state: SourceState, similarity: Double, index: Int)?

    public init(_ options: Options) throws {
        let length = try options.int("l", default: 8, in: 1...4_096)
        try options.finish()
        let stage = length == 8 ? [:] : ["l": "\(length)"]
        sourceStage = SourceStage(method: PromptTuning.name, options: stage)
        prompt = try PromptTuning(Options(method: PromptTuning.name, stage))
    }

    /// e_t: the mean token (d) of a task's prompt.
    static func embedding(_ state: SourceState) throws -> [Float] {
        guard state.tensors.count == 1, let p = state.tensors.values.first, p.rank == 2 else {
            throw MethodError.unsupported(method: name, reason: "\(state.task)'s source state is not one prompt (l, d)")
        }
        return p.mean(axis: 0).values
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot(),
            nb = b.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot()
        return na > 0 && nb > 0 ? dot / (na * nb) : 0
    }

    public func use(sources: [SourceState]) throws {
        guard let target = sources.first(where: \.isTarget), !sources.others.isEmpty else {
            throw MethodError.unsupported(method: Self.name, reason: "it needs the target's prompt and another task's")
        }
        let e = try Self.embedding(target)
        var best: (state: SourceState, similarity: Double, index: Int)?
        for (i, s) in sources.enumerated() where !s.isTarget {
            let c = Self.cosine(e, try Self.embedding(s))
            if best == nil || c > best!.similarity { best = (s, c, i) }
        }
        chosen = best
    }

    public func apply(to model: Module, seed: UInt64) throws {
        guard let chosen else {
            throw MethodError.unsupported(method: Self.name, reason: "no source prompts (it runs on a task group)")
        }
        try prompt.apply(to: model, seed: seed)
        try loadExactly(chosen.state, into: model, what: "spot's source prompt")
    }

    /// Which task's prompt it started from (its place in the group) and how similar it was.
    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        chosen.map { [("source_index", Double($0.index)), ("source_similarity", $0.similarity)] } ?? []
    }
}
