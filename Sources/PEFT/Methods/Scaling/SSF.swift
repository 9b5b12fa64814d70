// SSF (scale and shift features): y ← γ⊙y + β after every block Linear (q, k, v, o, up, down)
// and every LayerNorm (ln1, ln2, ln_f); γ = 1, β = 0 at start (the paper draws γ ~ N(1, σ),
// β ~ N(0, σ); `init=identity` keeps step 0 equal to the base). Lian et al. 2022, arXiv 2210.08823.
// Trainable: 22d per block + 2d. Merge: W ← diag(γ)W, b ← γ⊙b + β (and the same for LN gains).

import NN
import Tensor

public final class SSF: PEFTMethod {
    public static let name = "ssf"
    public static let family = Family.scaling
    public static let paper = "2210.08823"
    public static let formula = "22dL + 2d"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 22 * s.d * s.L + 2 * s.d }
    public static let mergeable = true
    public static let departures = [
        "γ and β start at the identity (1 and 0), so step 0 is the base model; the paper draws them from N(1, σ) and N(0, σ), which `init=normal` does"
    ]
    let randomInit: Float

    public init(_ options: Options) throws {
        let mode = try options.choice("init", default: "identity", among: ["identity", "normal"])
        randomInit = mode == "normal" ? 0.02 : 0
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        _ = try model.requireBlocks(for: Self.name)
        model.freeze()
        var rng = RNG(seed: seed)
        try attachLinearHooks(model, targets: Targets.linears, method: Self.name) { linear in
            LinearShift(ScaleShift(linear.outFeatures, std: randomInit, rng: &rng))
        }
        for case let norm as LayerNorm in model.namedModules().map(\.module) {
            norm.hook = NormShift(ScaleShift(norm.weight.count, std: randomInit, rng: &rng))
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class ScaleShift: Module {
        let gamma: Tensor, beta: Tensor  // (n)
        init(_ n: Int, std: Float, rng: inout RNG) {
            gamma =
                std == 0
                ? .ones([n], requiresGrad: true) : (Tensor.randn([n], std: std, rng: &rng) + 1).copy(requiresGrad: true)
            beta = std == 0 ? .zeros([n], requiresGrad: true) : .randn([n], std: std, rng: &rng, requiresGrad: true)
        }
        func callAsFunction(_ y: Tensor) -> Tensor { y * gamma + beta }
    }

    final class LinearShift: Module, MergeableLinearHook {
        let ss: ScaleShift
        init(_ ss: ScaleShift) { self.ss = ss }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { ss(base.forward(x)) }
        func mergedWeight(_ base: Linear) -> Tensor { base.weight * ss.gamma.reshaped([ss.gamma.count, 1]) }
        func mergedBias(_ base: Linear) -> Tensor? { (base.bias ?? .zeros([ss.gamma.count])) * ss.gamma + ss.beta }
    }

    final class NormShift: Module, MergeableNormHook {
        let ss: ScaleShift
        init(_ ss: ScaleShift) { self.ss = ss }
        func callAsFunction(_ x: Tensor, base: LayerNorm) -> Tensor { ss(base.forward(x)) }
        func mergedGainBias(_ base: LayerNorm) -> (gain: Tensor, bias: Tensor) {
            (base.weight * ss.gamma, ss(base.bias))
        }
    }
}
