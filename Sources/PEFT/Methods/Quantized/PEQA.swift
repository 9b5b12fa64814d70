// PEQA: fine-tune a quantized model by its quantization scales alone. Each target weight is
// quantized once, uniformly to k bits per output row, W₀ ≈ s ⊙ (W̄ − z) (UniformQuantized, one
// group per row); the integer codes W̄ and zero points z stay frozen and only s ∈ ℝ^{d_out}
// trains: y = s ⊙ (x (W̄ − z)ᵀ) + b. The result is still a k-bit model — codes shared by every
// task, d_out scales per task — so there is nothing to merge.
// Kim et al. 2023, arXiv 2305.14152. Trainable: d_out per target ((5d + h)L on all-linear).

import NN
import Tensor

public final class PEQA: PEFTMethod {
    public static let name = "peqa"
    public static let family = Family.quantized
    public static let paper = "2305.14152"
    public static let formula = "d_out per target ((5d + h)L all-linear); W₀ in k-bit codes"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (5 * s.d + s.hidden) }
    public static let stepZero = StepZero.dequantizedBase
    public static let mergeable = false
    let bits: Int
    let targets: [String]

    public init(_ options: Options) throws {
        bits = try options.int("bits", default: 4, in: 2...8)
        targets = try Targets.parse(options, default: Targets.linears)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let bits = bits
        try attachLinearHooks(model, targets: targets, method: Self.name) { linear in
            let q = UniformQuantized(
                linear.weight.values, rows: linear.outFeatures, cols: linear.inFeatures, group: linear.inFeatures,
                bits: bits)
            linear.weight = .zeros([0])  // the Float32 copy is released; the codes replace it
            return Hook(q)
        }
    }

    final class Hook: Module, LinearHook, QuantizedWeights {
        let _weight: UniformQuantized  // frozen codes and zero points, not a parameter
        let scale: Tensor  // (out), starts at the quantizer's row scales
        init(_ q: UniformQuantized) { (_weight, scale) = (q, Tensor(q.scale, shape: [q.rows], requiresGrad: true)) }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            let y = x.linear(quantized: _weight, scaled: false, bias: nil) * scale
            return base.bias.map { y + $0 } ?? y
        }
        func dequantizedBase() -> Tensor {
            withoutGrad { _weight.dequantize(scaled: false) * scale.reshaped([scale.count, 1]) }
        }
    }
}
