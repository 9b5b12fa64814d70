// Ladder side-tuning: the backbone stays frozen and runs without a graph; a side transformer of
// width d_s = d/ρ (hidden h/ρ, the backbone's layout, heads and masking) reads every block's
// output through a ladder of down-projections D_i (d → d_s) and makes the prediction:
//   s₁ = Side₁(D₁(h₁)),  sᵢ = Sideᵢ(μᵢ·sᵢ₋₁ + (1 − μᵢ)·Dᵢ(hᵢ)) for i = 2…L,  μᵢ = σ(αᵢ/τ),
// and U(s_L) (d_s → d) replaces the last block's output h_L before the backbone's final norm and
// head. No gradient flows into the backbone, so its activations are never kept for a backward
// pass: the memory saving is the point. Sung et al. 2022, arXiv 2206.06522.
// Trainable: L(12d_s² + 13d_s) side blocks (h = 4d) + L(d·d_s + d_s) ladders + (L − 1) gates
// + d_s·d + d up-projection. Not mergeable: the side network is a second model.

import NN
import Tensor

public final class LST: PEFTMethod {
    public static let name = "lst"
    public static let family = Family.adapter
    public static let paper = "2206.06522"
    public static let formula = "L(12d_s² + 13d_s) + L(d·d_s + d_s) + (L − 1) + d_s·d + d, d_s = d/ρ"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        let (ds, hs) = (s.d / 4, s.hidden / 4)
        let side = s.L * (4 * ds * ds + 4 * ds + 2 * ds * hs + hs + ds + 4 * ds)
        return side + s.L * (s.d * ds + ds) + (s.L - 1) + ds * s.d + s.d
    }
    public static let mergeable = false
    public static let stepZero = StepZero.sidePrediction
    public static let departures = [
        "The side blocks start from a random initialisation; the paper initialises them by pruning the backbone's weights with Fisher information",
        "The ladders read the blocks' outputs 1…L (the first side block takes D₁(h₁) ungated), and U(s_L) goes through the backbone's own final norm and head",
    ]
    let reduction: Int
    let temperature: Float

    public init(_ options: Options) throws {
        reduction = try options.int("rho", default: 4, in: 1...1024)
        temperature = try options.float("tau", default: 0.1, in: 1e-6...1e6)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        guard var site = model as? any SideSite else {
            throw MethodError.unsupported(method: Self.name, reason: "the backbone has no side-network site")
        }
        let (d, h, heads) = (model.blockWidth, blocks[0].mlp.up.outFeatures, blocks[0].attn.heads)
        guard d % reduction == 0, (d / reduction) % heads == 0, h % reduction == 0 else {
            throw MethodError.invalidOption(
                method: Self.name, key: "rho", value: "\(reduction)",
                expected: "a divisor of d = \(d) and h = \(h) leaving d/ρ a multiple of the \(heads) heads")
        }
        model.freeze()
        var rng = RNG(seed: seed)
        site.side = Ladder(
            blocks: blocks, width: d / reduction, hidden: h / reduction, temperature: temperature, rng: &rng)
    }

    final class Ladder: Module, SideNetwork {
        let down: [Linear]  // Dᵢ (d → d_s), one per block
        let gates: [Tensor]  // αᵢ (1) for i = 2…L, starting at 0 (μ = ½)
        let blocks: [Block]  // the side blocks, width d_s
        let up: Linear  // U (d_s → d)
        let temperature: Float

        init(blocks backbone: [Block], width ds: Int, hidden hs: Int, temperature: Float, rng: inout RNG) {
            let (d, first) = (backbone[0].ln1.weight.count, backbone[0])
            down = backbone.map { _ in Linear(d, ds, rng: &rng) }
            gates = backbone.dropFirst().map { _ in .zeros([1], requiresGrad: true) }
            blocks = backbone.map { _ in
                Block(
                    dim: ds, heads: first.attn.heads, hidden: hs, causal: first.attn.causal, postNorm: first.postNorm,
                    eps: first.ln1.eps, rng: &rng)
            }
            up = Linear(ds, d, rng: &rng)
            self.temperature = temperature
        }

        func callAsFunction(_ outputs: [Tensor], lengths: [Int]?) -> Tensor {
            var s = blocks[0](down[0](outputs[0]), lengths: lengths)
            for i in 1..<blocks.count {
                let mu = (gates[i - 1] * (1 / temperature)).sigmoid()
                s = blocks[i](s * mu + down[i](outputs[i]) * (1 - mu), lengths: lengths)
            }
            return up(s)
        }
    }
}
