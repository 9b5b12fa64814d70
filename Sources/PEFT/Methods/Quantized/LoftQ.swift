// LoftQ: QLoRA with its LoRA initialised from the quantization error instead of B = 0.
// Alternating for t = 1…T (`iters`): Q_t = NF4(W₀ − s·B_{t−1}A_{t−1}) (B₀A₀ = 0), then
// s·B_tA_t = SVD_r(W₀ − deq(Q_t)) (QuantizedLowRankFit, starting with the quantizer).
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
            let fit = QuantizedLowRankFit(
                linear.weight.values, rows: linear.outFeatures, cols: linear.inFeatures, rank: r, scale: s,
                iterations: iterations, start: .quantize
            ) { NFTensor($0, shape: [linear.outFeatures, linear.inFeatures]) }
            linear.weight = .zeros([0])  // the Float32 copy is released; Q_T replaces it
            return QLoRA.Hook(fit.q, fit.hook(scale: s))
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}

/// A LoRA over the dequantized base (the exporter writes deq(Q) as base_model.safetensors).
extension LoftQ: PEFTExportable {
    public static var peftNeedsItsBase: Bool { true }
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        loraExport(model, options: options)
    }
}
