// LoRA Dropout: LoRA whose factors are masked in training. y = W₀x + b + s·B̂Âx, s = α/r, where
// in every training pass Â = A·diag(m_in)/(1 − p) and B̂ = diag(m_out)·B/(1 − p), with m_in ∈
// {0,1}^in and m_out ∈ {0,1}^out Bernoulli(1 − p), fresh per pass (FactorDropout in LowRank.swift).
// Each ΔW entry is zero with probability 2p − p²: a sparsity regulariser on the update. At
// inference the factors are whole (the masks' mean); merge W ← W₀ + s·BA, a plain LoRA (exported as one).
// Lin et al. 2024, arXiv 2404.09610. Trainable per target: r(d_in + d_out), as LoRA.

import NN
import Tensor

public final class LoRADropout: LoRA {
    override public class var name: String { "lora-dropout" }
    override public class var paper: String { "2404.09610" }
    override public class var departures: [String] {
        [
            "No test-time ensemble: inference uses the whole factors (the mean of the masked updates), not the paper's average over masked copies",
            "p = 0.1 drops input columns of A and output rows of B alike; the paper's per-task rates were not reachable here",
        ]
    }
    /// The drop probability of every column of A and every row of B.
    let p: Float

    public required init(_ options: Options) throws {
        p = try options.float("p", default: 0.1, in: 0...0.99)
        try super.init(options)
    }

    override public func apply(to model: Module, seed: UInt64) throws {
        try super.apply(to: model, seed: seed)
        for (k, found) in hooks(model, LowRankHook.self).enumerated() {
            found.hook.factorDropout = FactorDropout(p: p, seed: seed ^ (0xD40_0000 + UInt64(k)))
        }
    }
}
