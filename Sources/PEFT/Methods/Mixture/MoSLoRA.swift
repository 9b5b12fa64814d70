// MoSLoRA (mixture-of-subspaces LoRA): a learned r × r mixer M between LoRA's factors,
// y = W₀x + b + s·B M A x, A (r, in) Kaiming-uniform, M (r, r) Kaiming-uniform (bound 1/√r),
// B (out, r) zero, so step 0 is the base. M fuses the r rank-one subspaces of LoRA (M = I is
// LoRA); it folds into W: W ← W₀ + s·BMA. Wu et al. 2024, arXiv 2406.11909.
// Trainable per target: r(d_in + d_out) + r² (on q, v: (4rd + 2r²)L).

import NN
import Tensor

public final class MoSLoRA: PEFTMethod {
    public static let name = "moslora"
    public static let family = Family.mixture
    public static let paper = "2406.11909"
    public static let formula = "r(d_in + d_out) + r² per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) + 2 * 64 * s.L }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    let options: LowRankOptions

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        try options.attach(model, method: Self.name) { linear in
            let (a, b) = LowRankHook.initialFactors(
                inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: r, rng: &rng)
            let bound = 1 / Float(r).squareRoot()
            return Hook(a: a, mixer: .uniform([r, r], -bound, bound, rng: &rng, requiresGrad: true), b: b, scale: s)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook {
        let a: Tensor  // (r, in)
        let mixer: Tensor  // M (r, r)
        let b: Tensor  // (out, r)
        let scale: Float
        init(a: Tensor, mixer: Tensor, b: Tensor, scale: Float) {
            (self.a, self.mixer, self.b, self.scale) = (a, mixer, b, scale)
        }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            base.forward(x) + x.matmul(a, transB: true).matmul(mixer, transB: true).matmul(b, transB: true) * scale
        }
        func mergedWeight(_ base: Linear) -> Tensor { base.weight + b.matmul(mixer).matmul(a) * scale }
    }
}
