// LoRA: y = W₀x + b + (α/r)·B A x, with A (r, in) Kaiming-uniform and B (out, r) zero, so the
// adapted model equals the base at step 0. Merge: W ← W₀ + (α/r)·BA.
// Hu et al. 2021, arXiv 2106.09685. Trainable per target Linear (out × in): r·(in + out).

import NN
import Tensor

public final class LoRAHook: Module, LinearHook {
    public let a: Tensor   // (r, in)
    public let b: Tensor   // (out, r)
    public let scale: Float

    public init(inFeatures: Int, outFeatures: Int, rank: Int, alpha: Float, rng: inout RNG) {
        // Kaiming-uniform with a = √5 (PyTorch's Linear default, as HF PEFT uses): bound 1/√in.
        let bound = 1 / Float(inFeatures).squareRoot()
        a = .uniform([rank, inFeatures], -bound, bound, rng: &rng, requiresGrad: true)
        b = .zeros([outFeatures, rank], requiresGrad: true)
        scale = alpha / Float(rank)
    }

    /// x (…, in) → base(x) + s·(x Aᵀ) Bᵀ, fused (see Tensor+LowRank.swift).
    public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
        x.linear(weight: base.weight, bias: base.bias, lowRankA: a, b: b, scale: scale)
    }
}

public enum LoRA {
    /// Freezes `model` and attaches LoRA to every Linear whose dotted name ends in one of `targets`
    /// ("q", "v", "attn.q", …). Returns the number of adapted layers.
    @discardableResult
    public static func apply(to model: Module, rank: Int = 8, alpha: Float = 16, targets: [String] = ["q", "v"],
                             seed: UInt64 = 0) -> Int {
        model.freeze()
        var rng = RNG(seed: seed)
        var adapted = 0
        for (name, module) in model.namedModules() {
            guard let linear = module as? Linear,
                  targets.contains(where: { name == $0 || name.hasSuffix("." + $0) }) else { continue }
            linear.hook = LoRAHook(inFeatures: linear.inFeatures, outFeatures: linear.outFeatures,
                                   rank: rank, alpha: alpha, rng: &rng)
            adapted += 1
        }
        return adapted
    }
}
