// LoftQ: QLoRA with its LoRA initialised from the quantization error instead of B = 0.
// Alternating for t = 1…T (`iters`): Q_t = NF4(W₀ − s·B_{t−1}A_{t−1}) (B₀A₀ = 0), then
// s·B_tA_t = SVD_r(W₀ − deq(Q_t)) (the top r triplets by randomized subspace iteration,
// TruncatedSVD), split as PiSSA's, B = U_r(S_r/s)^{1/2}, A = (S_r/s)^{1/2}V_rᵀ.
// Training is QLoRA's on the frozen Q_T: y = deq(Q_T)x + b + s·BAx, which starts nearer W₀x than
// QLoRA's deq(NF4(W₀))x. Merge (to Float32): W ← deq(Q_T) + s·BA.
// Li et al. 2023, arXiv 2310.08659. Trainable per target: r(d_in + d_out) (18rdL all-linear).

import NN
import Tensor

public final class LoftQ: PEFTMethod {
    public static let name = "loftq"
    public static let family = Family.quantized
    public static let paper = "2310.08659"
    public static let formula = "r(d_in + d_out) per target (18rdL all-linear); W₀ in NF4"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 18 * 8 * s.d * s.L }
    public static let rankOption: String? = "r"
    public static let stepZero = StepZero.closerThanQuantized
    public static let mergeable = true
    public static let departures = [
        "s·BA (not BA) fits the residual, so the start is W₀'s approximation at any α; HF PEFT assigns B = U√S, A = √S Vᵀ and is exact only when α = r"
    ]
    let options: LowRankOptions
    let iterations: Int

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, targets: ["all-linear"])
        iterations = try options.int("iters", default: 1, in: 1...100)  // HF PEFT's loftq_iter default
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        try options.attach(model, method: Self.name) { linear in
            let (o, i) = (linear.outFeatures, linear.inFeatures)
            let w0 = linear.weight.values
            var residual = w0, q: NF4Tensor!, a: [Float] = [], b: [Float] = []
            for _ in 0..<iterations {
                q = NF4Tensor(residual, shape: [o, i])
                let deq = q.dequantize().values
                let svd = TruncatedSVD.top(zip(w0, deq).map { Double($0 - $1) }, rows: o, cols: i, rank: r)
                (a, b) = ([Float](repeating: 0, count: r * i), [Float](repeating: 0, count: o * r))
                for j in 0..<r {
                    let root = (svd.sigma[j] / Double(s)).squareRoot()
                    for x in 0..<i { a[j * i + x] = Float(root * svd.v[x * r + j]) }
                    for y in 0..<o { b[y * r + j] = Float(root * svd.u[y * r + j]) }
                }
                let update = withoutGrad { Tensor(b, shape: [o, r]).matmul(Tensor(a, shape: [r, i])) * s }.values
                residual = zip(w0, update).map { $0 - $1 }
            }
            linear.weight = .zeros([0])  // the Float32 copy is released; Q_T replaces it
            let hook = LowRankHook(
                a: Tensor(a, shape: [r, i], requiresGrad: true), b: Tensor(b, shape: [o, r], requiresGrad: true),
                scale: s)
            return QLoRA.Hook(q, hook)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
