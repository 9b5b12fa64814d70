// PiSSA: LoRA initialised on W₀'s principal singular directions. W₀ = USVᵀ (Double);
// B = U_r (S_r/s)^{1/2}, A = (S_r/s)^{1/2} V_rᵀ, so s·BA = U_r S_r V_rᵀ, and the frozen residual
// W_res = W₀ − s·BA replaces W₀; W_res + s·BA = W₀ at start. Meng et al. 2024, arXiv 2404.02948.
// Trainable per target: r(d_in + d_out). Merge: W ← W_res + s·BA (every entry of a target changes).

import NN
import Tensor

public final class PiSSA: PEFTMethod {
    public static let name = "pissa"
    public static let family = Family.reparameterized
    public static let paper = "2404.02948"
    public static let formula = "r(d_in + d_out) per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) }
    public static let rankOption: String? = "r"
    public static let stepZero = StepZero.baseWithinRounding
    public static let mergeable = true
    let options: LowRankOptions
    var initial: [ObjectIdentifier: (a: Tensor, b: Tensor)] = [:]  // A₀, B₀ by hook, for export

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, alpha: 8)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        model.freeze()
        try options.attach(model, method: Self.name) { linear in
            let (o, i) = (linear.outFeatures, linear.inFeatures)
            let svd = SVD(linear.weight.values.map(Double.init), rows: o, cols: i)
            var a = [Float](repeating: 0, count: r * i), b = [Float](repeating: 0, count: o * r)
            var residual = linear.weight.values.map(Double.init)
            for j in 0..<r {
                let root = (svd.sigma[j] / Double(s)).squareRoot()
                for x in 0..<i { a[j * i + x] = Float(root * svd.v[x * svd.k + j]) }
                for y in 0..<o { b[y * r + j] = Float(root * svd.u[y * svd.k + j]) }
                for y in 0..<o {
                    for x in 0..<i { residual[y * i + x] -= svd.sigma[j] * svd.u[y * svd.k + j] * svd.v[x * svd.k + j] }
                }
            }
            linear.weight.assign(Tensor(residual.map(Float.init), shape: [o, i]))
            let hook = LowRankHook(
                a: Tensor(a, shape: [r, i], requiresGrad: true), b: Tensor(b, shape: [o, r], requiresGrad: true),
                scale: s)
            initial[ObjectIdentifier(hook)] = (Tensor(a, shape: [r, i]), Tensor(b, shape: [o, r]))
            return hook
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}

extension PiSSA: PEFTExportable {
    /// As a plain LoRA of rank 2r on the ORIGINAL W₀: A′ = [A; A₀], B′ = [B, −B₀], so
    /// W₀ + s·B′A′ = W_res + s·BA; lora_alpha = s·2r.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, LowRankHook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found {
            guard let (a0, b0) = initial[ObjectIdentifier(h)] else { continue }
            tensors[peftKey(path, "lora_A.weight")] = withoutGrad { Tensor.concat([h.a, a0], axis: 0) }
            tensors[peftKey(path, "lora_B.weight")] = withoutGrad { Tensor.concat([h.b, b0 * -1], axis: 1) }
        }
        let s = options.alpha / Float(options.rank)
        return (
            tensors,
            loraConfig(rank: 2 * options.rank, alpha: Double(s) * Double(2 * options.rank), paths: found.map(\.path))
        )
    }
}
