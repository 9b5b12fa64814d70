// HydraLoRA (asymmetric LoRA): one down-projection A shared by N up-projection heads Bᵢ, mixed
// per token by a router: y = W₀x + b + s·Σᵢ gᵢ(x)·BᵢAx, g = softmax(x W_gᵀ) (SoftRouter). The
// heads are stacked, B (out, N·r): z = xAᵀ (…, r) once, repeated N times and scaled by each
// gᵢ, then ·Bᵀ — one product for all heads (`slowUpdate` is the head-by-head sum, tested against
// it). A starts Kaiming-uniform and every Bᵢ at zero, so step 0 is the base; the routing
// depends on the token, so it does not merge. Tian et al. 2024, arXiv 2404.19245.
// Trainable per target: r·d_in + N·r·d_out + N·d_in; on q, v: 2L(rd + Nrd + Nd).

import NN
import Tensor

public final class HydraLoRA: PEFTMethod {
    public static let name = "hydralora"
    public static let family = Family.mixture
    public static let paper = "2404.19245"
    public static let formula = "r·d_in + N·r·d_out + N·d_in per target: 2L(rd + Nrd + Nd) on q, v"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {
        let (n, r) = (3, 8)
        return 2 * s.L * (r * s.d + n * r * s.d + n * s.d)
    }
    public static let rankOption: String? = "r"
    public static let mergeable = false
    public static let departures = [
        "the number of heads is an option (default 3, the paper's setting for a single domain) rather than chosen by k-means over the training data"
    ]
    let options: LowRankOptions
    let heads: Int

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)  // r = 8, α = 16 on q, v as LoRA
        heads = try options.int("heads", default: 3, in: 1...256)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let (n, r, s) = (heads, options.rank, options.alpha / Float(options.rank))
        try options.attach(model, method: Self.name) { linear in
            let router = SoftRouter(experts: n, inFeatures: linear.inFeatures, rng: &rng)
            let a = LowRankHook.initialFactors(
                inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: r, rng: &rng
            ).a
            return Hook(router: router, a: a, b: .zeros([linear.outFeatures, n * r], requiresGrad: true), scale: s)
        }
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] { routerBalance(model) }

    final class Hook: Module, LinearHook {
        let router: SoftRouter
        let a: Tensor  // (r, in), shared by the heads
        let b: Tensor  // (out, N·r): head i's B in columns i·r..<(i+1)·r
        let scale: Float
        init(router: SoftRouter, a: Tensor, b: Tensor, scale: Float) {
            (self.router, self.a, self.b, self.scale) = (router, a, b, scale)
        }

        /// s·Σᵢ gᵢ BᵢAx, (…, out).
        func update(_ x: Tensor) -> Tensor {
            let (r, n) = (a.shape[0], b.shape[1] / a.shape[0])
            let g = router(x), lead = Array(x.shape.dropLast())
            let z = x.matmul(a, transB: true).reshaped(lead + [1, r]).expanded(to: lead + [n, r])
            let weights = g.reshaped(lead + [n, 1]).expanded(to: lead + [n, r])
            return (z * weights).reshaped(lead + [n * r]).matmul(b, transB: true) * scale
        }

        /// The same, head by head (the reference for `update`).
        func slowUpdate(_ x: Tensor) -> Tensor {
            let (r, n) = (a.shape[0], b.shape[1] / a.shape[0])
            let g = router(x), z = x.matmul(a, transB: true)
            var sum = Tensor.zeros(Array(x.shape.dropLast()) + [b.shape[0]])
            for i in 0..<n {
                let bi = b.slice(axis: 1, (i * r)..<((i + 1) * r))
                sum = sum + z.matmul(bi, transB: true) * g.slice(axis: g.rank - 1, i..<(i + 1))
            }
            return sum * scale
        }

        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { base.forward(x) + update(x) }
    }
}
