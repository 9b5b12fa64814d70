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
    let residual: ResidualLowRank

    public init(_ options: Options) throws {
        residual = ResidualLowRank(try LowRankOptions(options, alpha: 8))
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let (r, s) = (residual.options.rank, Double(residual.scale))
        try residual.attach(model, method: Self.name) { w, o, i in
            let svd = SVD(w, rows: o, cols: i)
            var a = [Float](repeating: 0, count: r * i), b = [Float](repeating: 0, count: o * r)
            var rest = w
            for j in 0..<r {
                let root = (svd.sigma[j] / s).squareRoot()
                for x in 0..<i { a[j * i + x] = Float(root * svd.v[x * svd.k + j]) }
                for y in 0..<o { b[y * r + j] = Float(root * svd.u[y * svd.k + j]) }
                for y in 0..<o {
                    for x in 0..<i { rest[y * i + x] -= svd.sigma[j] * svd.u[y * svd.k + j] * svd.v[x * svd.k + j] }
                }
            }
            return (a, b, rest)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}

extension PiSSA: PEFTExportable {
    /// As a plain LoRA of rank 2r on the original W₀ (ResidualLowRank).
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        residual.peftExport(model)
    }
}
