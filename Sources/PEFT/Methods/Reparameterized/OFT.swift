// OFT (orthogonal fine-tuning): the input side of each target rotates, y = W₀(Rx) + b, i.e.
// W = W₀R with R = blockdiag(R₁…R_{d_in/b}) and Rⱼ the Cayley transform of a skew block
// (Mechanisms/Orthogonal.swift); θ = 0 gives R = I, the base model. Qiu et al. 2023,
// arXiv 2306.07280. Trainable per target: (d_in/b)·b(b−1)/2. Merge: W ← W₀R.

import NN
import Tensor

public final class OFT: PEFTMethod {
    public static let name = "oft"
    public static let family = Family.reparameterized
    public static let paper = "2306.07280"
    public static let formula = "(d_in/b)·b(b−1)/2 per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * (s.d / 8) * 8 * 7 / 2 }  // b = 8
    public static let mergeable = true
    let block: Int
    let targets: [String]

    public init(_ options: Options) throws {
        block = try options.int("block", default: 8, in: 2...4_096)
        targets = try Targets.parse(options, default: ["q", "v"])
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        for (name, l) in model.targetLinears(targets) where l.inFeatures % block != 0 {
            throw MethodError.invalidOption(
                method: Self.name, key: "block", value: "\(block)",
                expected: "a divisor of \(name)'s input size \(l.inFeatures)")
        }
        model.freeze()
        try attachLinearHooks(model, targets: targets, method: Self.name) {
            Hook(inFeatures: $0.inFeatures, block: block)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook {
        let theta: Tensor  // (d_in/b, b(b−1)/2), zero
        let block: Int
        init(inFeatures: Int, block b: Int) {
            theta = .zeros([inFeatures / b, b * (b - 1) / 2], requiresGrad: true)
            block = b
        }
        /// R's blocks, (d_in/b, b, b).
        func rotation() -> Tensor { Orthogonal.cayley(Orthogonal.skewBlocks(theta, block: block)) }
        func mergedWeight(_ base: Linear) -> Tensor { Orthogonal.rotateInputs(base.weight, rotation()) }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(weight: mergedWeight(base), bias: base.bias)
        }
    }
}

extension OFT: PEFTExportable {
    /// oft_R.weight = θ (the same upper-triangle order). PEFT builds R' = (I − Q)(I + Q)⁻¹ = Rᵀ and
    /// multiplies the input from the other side (x R'), which is our W₀R; exact Cayley
    /// (`use_cayley_neumann` false). Checked against PEFT 0.21.2 with scripts/check_peft_export.py.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found { tensors[peftKey(path, "oft_R.weight")] = h.theta }
        return (
            tensors,
            [
                "peft_type": .string("OFT"), "r": .int(0), "oft_block_size": .int(block),
                "target_modules": .strings(targetNames(found.map(\.path))), "use_cayley_neumann": .bool(false),
                "coft": .bool(false), "block_share": .bool(false), "module_dropout": .float(0),
                "bias": .string("none"), "init_weights": .bool(true),
            ]
        )
    }
}
