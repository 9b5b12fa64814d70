// Delta-LoRA: LoRA whose frozen weight also moves by the change of the low-rank product.
// y = Wx + b + s·BAx, s = α/r, A (r, in) Kaiming-uniform, B (out, r) zero. After optimizer step
// t (1-based), once t > K: W ← W + λ·(s·B_{t+1}A_{t+1} − s·B_tA_t) (Algorithm 1; λ = 2, as §4). W gets no gradient and no optimizer
// state, so training memory is LoRA's, yet the merged update is no longer confined to rank r.
// Merge: W ← W + s·BA (W itself is part of the adapter: every entry of a target changes).
// Zi et al. 2023, arXiv 2309.02411. Trainable per target: r(d_in + d_out), as LoRA.

import NN
import Tensor

public final class DeltaLoRA: PEFTMethod {
    public static let name = "delta-lora"
    public static let family = Family.reparameterized
    public static let paper = "2309.02411"
    public static let formula = "r(d_in + d_out) per target (W moves by λ·Δ(sBA), no gradient)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static let departures = [
        "K is a fraction of the run (warmup=0.1 of the steps): the paper's K = 500 steps exceeds our 150–300-step runs"
    ]
    let options: LowRankOptions
    /// λ, and K as a fraction of the run's steps.
    let lambda: Float, warmup: Float
    var targets: [(name: String, linear: Linear, hook: LowRankHook, previous: Tensor)] = []

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        lambda = try options.float("lambda", default: 2, in: 0...100)
        warmup = try options.float("warmup", default: 0.1, in: 0...1)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        targets = try options.attachLoRA(model, method: Self.name, seed: seed).map { path, linear, hook in
            (path + ".weight", linear, hook, Tensor.zeros(linear.weight.shape))  // s·B₀A₀ = 0
        }
    }

    /// W ← W + λ·(s·B_{t+1}A_{t+1} − s·B_tA_t) once t > K; the product is tracked from the start.
    public func afterStep(_ step: Int, total: Int) {
        let start = Int((warmup * Float(total)).rounded(.down))  // K; `step` is t − 1
        for k in targets.indices {
            let (linear, hook, previous) = (targets[k].linear, targets[k].hook, targets[k].previous)
            let now = withoutGrad { hook.delta() }
            if step >= start {
                let (w, n, p, l) = (linear.weight.data, now.data, previous.data, lambda)
                for e in 0..<now.count { w[e] += l * (n[e] - p[e]) }
            }
            targets[k].previous = now
        }
    }

    public func rewrittenTensors(_ model: Module) -> [String] { targets.map(\.name) }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
