// OLoRA: LoRA initialised from W₀'s QR decomposition. W₀ (out, in) = QR (Double); B = Q[:, :r]
// (out, r, orthonormal columns), A = R[:r, :] (r, in), and the frozen residual W_res = W₀ − s·BA
// replaces W₀, so W_res + s·BA = W₀ at start. B starts orthonormal, which the paper credits for
// faster convergence than LoRA's zero B; unlike PiSSA no SVD is needed. Merge: W ← W_res + s·BA.
// Büyükakyüz 2024, arXiv 2406.01775. Trainable per target: r(d_in + d_out).

import NN
import Tensor

public final class OLoRA: PEFTMethod {
    public static let name = "olora"
    public static let family = Family.reparameterized
    public static let paper = "2406.01775"
    public static let formula = "r(d_in + d_out) per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) }
    public static let rankOption: String? = "r"
    public static let stepZero = StepZero.baseWithinRounding
    public static let mergeable = true
    let residual: ResidualLowRank

    public init(_ options: Options) throws {
        residual = ResidualLowRank(try LowRankOptions(options, alpha: 8))  // HF PEFT's lora_alpha default: s = 1
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let (r, s) = (residual.options.rank, Double(residual.scale))
        try residual.attach(model, method: Self.name) { w, o, i in
            let qr = QR(w, rows: o, cols: i)
            let b = (0..<(o * r)).map { qr.q[($0 / r) * qr.k + $0 % r] }  // Q[:, :r]
            let a = Array(qr.r[0..<(r * i)])  // R[:r, :]
            var rest = w
            for y in 0..<o {
                for x in 0..<i {
                    var dot = 0.0
                    for j in 0..<r { dot += b[y * r + j] * a[j * i + x] }
                    rest[y * i + x] -= s * dot
                }
            }
            return (a.map(Float.init), b.map(Float.init), rest)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}

extension OLoRA: PEFTExportable {
    /// As a plain LoRA of rank 2r on the original W₀ (ResidualLowRank).
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        residual.peftExport(model)
    }
}
