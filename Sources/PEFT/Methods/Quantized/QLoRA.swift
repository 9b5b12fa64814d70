// QLoRA: the frozen block Linears are stored in 4-bit NF4 with double quantization
// (Mechanisms/NF4.swift) and dequantized on the fly for each product; LoRA adapters on every
// block Linear train in Float32: y = deq(W₀)x + b + s·BAx. Dettmers et al. 2023, arXiv 2305.14314.
// Trainable per target: r(d_in + d_out) = 18rd per block (all-linear). Frozen storage ≈ 4.127
// bits per quantized weight. Merge: only to a Float32 result, W ← deq(W₀) + s·BA (requantizing
// would add error); merged = unmerged is therefore exact against the dequantized base.

import NN
import Tensor

/// Hooks that hold their frozen weight quantized, outside the parameter walk.
public protocol QuantizedWeights {
    /// The frozen weight (out, in) as the product uses it, the method's own update left out
    /// (the contract test builds the step-0 reference from it).
    func dequantizedBase() -> Tensor
}

public final class QLoRA: PEFTMethod {
    public static let name = "qlora"
    public static let family = Family.quantized
    public static let paper = "2305.14314"
    public static let formula = "r(d_in + d_out) per target (18rdL all-linear); W₀ in NF4"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 18 * 8 * s.d * s.L }  // r = 8 on all six block Linears
    public static let rankOption: String? = "r"
    public static let stepZero = StepZero.dequantizedBase
    public static let mergeable = true
    public static let departures = [
        "double quantization stores the NF4 block maxima as 8-bit integers with one Float32 scale per 256 blocks (the paper: 8-bit floats); the storage is the same 4.127 bits per weight"
    ]
    let options: LowRankOptions
    let block: Int, dqBlock: Int, doubleQuant: Bool

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, targets: ["all-linear"])
        block = try options.int("block", default: 64, in: 2...1 << 20)
        dqBlock = try options.int("dq_block", default: 256, in: 1...1 << 20)
        doubleQuant = try options.bool("double_quant", default: true)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        try options.attach(model, method: Self.name) { linear in
            let q = NFTensor(
                linear.weight.values, shape: linear.weight.shape, block: block, doubleQuant: doubleQuant,
                dqBlock: dqBlock)
            linear.weight = .zeros([0])  // the Float32 copy is released; the NF4 one replaces it
            return Hook(
                q,
                LowRankHook(
                    inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: r, scale: s, rng: &rng))
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook, QuantizedWeights {
        let _weight: NFTensor  // frozen, not a Float32 parameter
        let lowRank: LowRankHook
        init(_ weight: NFTensor, _ lowRank: LowRankHook) {
            _weight = weight
            self.lowRank = lowRank
        }
        func dequantizedBase() -> Tensor { _weight.dequantize() }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(normalFloat: _weight, bias: base.bias) + lowRank.update(x)
        }
        func mergedWeight(_ base: Linear) -> Tensor { _weight.dequantize() + lowRank.delta() }
    }
}

/// A LoRA over the dequantized base (the exporter writes deq(Q) as base_model.safetensors).
extension QLoRA: PEFTExportable {
    public static var peftNeedsItsBase: Bool { true }
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        loraExport(model, options: options)
    }
}
