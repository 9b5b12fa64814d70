// QA-LoRA: a LoRA that merges into a quantized model without leaving it. W₀ is quantized to k
// bits in groups of g input columns (UniformQuantized: per row and group a scale and a zero
// point). A acts on the group-mean-pooled input, x̄ (…, d_in/g), x̄_k = mean of group k:
//   y = deq(W₀)x + b + s·B A x̄,  A (r, d_in/g) Kaiming-uniform, B (out, r) zero.
// So s·BA adds the constant s·(BA)[i, k]/g to every weight of row i, group k: the merge moves
// only the zero points, zero′ = zero − s·(BA)[i, k]/(g·scale), and the merged model is the same
// k-bit codes (tested). On a 64-wide backbone x̄ has 4 features (g = 16), so BA's rank is at
// most 4 there whatever r is (minilm: 24). Xu et al. 2023, arXiv 2309.14717.
// Trainable per target: r(d_in/g + d_out); r(5d + h)(1/g + 1) per block on all-linear.

import NN
import Tensor

public final class QALoRA: PEFTMethod {
    public static let name = "qa-lora"
    public static let family = Family.quantized
    public static let paper = "2309.14717"
    public static let formula = "r(d_in/g + d_out) per target; W₀ in k-bit groups of g"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 8 * s.L * (5 * s.d + s.hidden) * 17 / 16 }  // r = 8, g = 16
    public static let rankOption: String? = "r"
    public static let stepZero = StepZero.dequantizedBase
    public static let mergeable = true
    let options: LowRankOptions
    let bits: Int, group: Int

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, targets: ["all-linear"])
        bits = try options.int("bits", default: 4, in: 2...8)
        group = try options.int("group", default: 16, in: 1...65_536)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let (r, s, g, bits) = (options.rank, options.alpha / Float(options.rank), group, bits)
        for (name, l) in model.targetLinears(options.targets) where l.inFeatures % g != 0 {
            throw MethodError.invalidOption(
                method: Self.name, key: "group", value: "\(g)",
                expected: "a divisor of every target's input width (\(name) is \(l.outFeatures)×\(l.inFeatures))")
        }
        try options.attach(model, method: Self.name) { linear in
            let q = UniformQuantized(
                linear.weight.values, rows: linear.outFeatures, cols: linear.inFeatures, group: g, bits: bits)
            linear.weight = .zeros([0])  // the Float32 copy is released; the codes replace it
            return Hook(
                q,
                LowRankHook(
                    inFeatures: linear.inFeatures / g, outFeatures: linear.outFeatures, rank: r, scale: s, rng: &rng))
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook, QuantizedWeights {
        let _weight: UniformQuantized  // frozen, not a parameter
        let lowRank: LowRankHook  // A (r, in/g), B (out, r)
        init(_ weight: UniformQuantized, _ lowRank: LowRankHook) { (_weight, self.lowRank) = (weight, lowRank) }

        /// x (…, in) → x̄ (…, in/g), the mean of each group of g inputs.
        func pooled(_ x: Tensor) -> Tensor {
            let g = _weight.group
            return x.reshaped(Array(x.shape.dropLast()) + [x.shape.last! / g, g]).mean(axis: -1)
        }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(quantized: _weight, bias: base.bias) + lowRank.update(pooled(x))
        }
        func dequantizedBase() -> Tensor { _weight.dequantize() }

        /// The zero points with s·BA folded in: zero − s·(BA)[i, k]/(g·scale[i, k]).
        func mergedZeros() -> [Float] {
            let delta = withoutGrad { lowRank.delta() }.values, g = Float(_weight.group)
            return _weight.zero.indices.map { _weight.zero[$0] - delta[$0] / (g * _weight.scale[$0]) }
        }
        /// The same codes with the moved zero points, as Float32 weights.
        func mergedWeight(_ base: Linear) -> Tensor { _weight.dequantize(zero: mergedZeros()) }
    }
}
