// MoLoRA (mixture of LoRA experts): y = W₀x + b + s·Σᵢ gᵢ(x)·BᵢAᵢx over n rank-r experts, with
// g = softmax(x W_gᵀ) per token (SoftRouter). The experts are stacked, A (n·r, in) and
// B (out, n·r): z = xAᵀ (…, n·r), each expert's r entries times its gᵢ, then ·Bᵀ — one pair of
// products for all experts (`slowUpdate` is the expert-by-expert sum, tested against it). Each
// Aᵢ starts Kaiming-uniform and Bᵢ at zero, so step 0 is the base; routing depends on the
// token, so MoLoRA does not merge. Zadouri et al. 2023, arXiv 2309.05444.
// Trainable per target: n·r(d_in + d_out) + n·d_in: (nr(10d + 2h) + n(5d + h))L on all six
// block Linears (the paper's code targets them all).

import NN
import Tensor

public final class MoLoRA: PEFTMethod {
    public static let name = "molora"
    public static let family = Family.mixture
    public static let paper = "2309.05444"
    public static let formula = "n·r(d_in + d_out) + n·d_in per target: (nr(10d + 2h) + n(5d + h))L on all-linear"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        let (n, r) = (10, 4)
        return s.L * (n * r * (10 * s.d + 2 * s.hidden) + n * (5 * s.d + s.hidden))
    }
    public static let rankOption: String? = "r"
    public static let mergeable = false
    let options: LowRankOptions
    let experts: Int

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, rank: 4, alpha: 16, targets: ["all-linear"])  // the paper's code: rank 4, α = 16
        experts = try options.int("experts", default: 10, in: 1...256)  // the paper's MoLoRA-10
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let (n, r, s) = (experts, options.rank, options.alpha / Float(options.rank))
        try options.attach(model, method: Self.name) { linear in
            let router = SoftRouter(experts: n, inFeatures: linear.inFeatures, rng: &rng)
            let (a, b) = LowRankHook.initialFactors(
                inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: n * r, rng: &rng)
            return Hook(router: router, a: a, b: b, experts: n, scale: s)
        }
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] { routerBalance(model) }

    final class Hook: Module, LinearHook {
        let router: SoftRouter
        let a: Tensor  // (n·r, in): expert i's A in rows i·r..<(i+1)·r
        let b: Tensor  // (out, n·r): expert i's B in columns i·r..<(i+1)·r
        let experts: Int, scale: Float
        init(router: SoftRouter, a: Tensor, b: Tensor, experts: Int, scale: Float) {
            (self.router, self.a, self.b, self.experts, self.scale) = (router, a, b, experts, scale)
        }

        /// s·Σᵢ gᵢ BᵢAᵢx, (…, out).
        func update(_ x: Tensor) -> Tensor {
            let (n, r) = (experts, a.shape[0] / experts)
            let g = router(x), lead = Array(x.shape.dropLast())
            let weights = g.reshaped(lead + [n, 1]).expanded(to: lead + [n, r]).reshaped(lead + [n * r])
            return (x.matmul(a, transB: true) * weights).matmul(b, transB: true) * scale
        }

        /// The same, expert by expert (the reference for `update`).
        func slowUpdate(_ x: Tensor) -> Tensor {
            let (n, r) = (experts, a.shape[0] / experts)
            let g = router(x)
            var sum = Tensor.zeros(Array(x.shape.dropLast()) + [b.shape[0]])
            for i in 0..<n {
                let ai = a.slice(axis: 0, (i * r)..<((i + 1) * r)), bi = b.slice(axis: 1, (i * r)..<((i + 1) * r))
                sum = sum + x.matmul(ai, transB: true).matmul(bi, transB: true) * g.slice(axis: g.rank - 1, i..<(i + 1))
            }
            return sum * scale
        }

        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { base.forward(x) + update(x) }
    }
}
