// PeriodicLoRA: LoRA trained in stages. y = Wx + b + s·BAx, s = α/r, A (r, in) Kaiming-uniform,
// B (out, r) zero. At the end of each stage but the last: W ← W + s·BA (unload), A is drawn
// afresh, B ← 0, and both factors' optimizer state restarts. The output is unchanged by an
// unload, and the accumulated update W − W₀ = Σ_stages s·BₖAₖ has rank ≤ stages·r: the memory of
// rank r, an update that is not confined to it. Merge: W ← W + s·BA.
// Meng et al. 2024, arXiv 2402.16141. Trainable per target: r(d_in + d_out), as LoRA; W moves
// without a gradient (every entry of a target changes).

import NN
import Tensor

public final class PeriodicLoRA: PEFTMethod {
    public static let name = "periodic-lora"
    public static let family = Family.reparameterized
    public static let paper = "2402.16141"
    public static let formula = "r(d_in + d_out) per target (W accumulates one s·BA per stage)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static let departures = [
        "Each unload moves all of s·BA into W; the paper's optional momentum-based unloading is not implemented (its rule is not in the abstract and the paper's text was not reachable here)",
        "Stages are equal fractions of the run (stages=4) and the run's one warm-up/cosine schedule goes on across them",
    ]
    let options: LowRankOptions
    let stages: Int
    var rng = RNG(seed: 0)
    var targets: [(linear: Linear, hook: LowRankHook, name: String)] = []

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        stages = try options.int("stages", default: 4, in: 1...1_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        rng = RNG(seed: seed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        model.freeze()
        try options.attach(model, method: Self.name) {
            LowRankHook(inFeatures: $0.inFeatures, outFeatures: $0.outFeatures, rank: r, scale: s, rng: &rng)
        }
        targets = hooks(model, LowRankHook.self).map { ($0.linear, $0.hook, $0.path + ".weight") }
    }

    /// Whether optimizer step `step` (0-based) of `total` ends a stage other than the last: the
    /// k-th stage ends after ⌊k·total/stages⌋ steps.
    func endsStage(_ step: Int, total: Int) -> Bool {
        (1..<stages).contains { k in k * total / stages == step + 1 } && step + 1 < total
    }

    /// Unloads s·BA into W and restarts the factors as LoRA starts them.
    public func afterStep(_ step: Int, total: Int) {
        guard endsStage(step, total: total) else { return }
        withoutGrad {
            for (linear, hook, _) in targets {
                linear.weight.assign(hook.mergedWeight(linear))
                let (a, b) = LowRankHook.initialFactors(
                    inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: options.rank, rng: &rng)
                hook.a.assign(a)
                hook.b.assign(b)
            }
        }
    }

    public func restartedTensors(after step: Int, total: Int) -> [Tensor] {
        endsStage(step, total: total) ? targets.flatMap { [$0.hook.a, $0.hook.b] } : []
    }

    public func rewrittenTensors(_ model: Module) -> [String] { targets.map(\.name) }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
