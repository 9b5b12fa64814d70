// Structure-aware intrinsic dimension (SAID): every tensor θᵢ of the blocks (each Linear's weight
// and bias, each LayerNorm's gain and bias) moves inside one shared random d-dimensional subspace,
//     θᵢ = θᵢ⁰ + λᵢ · Pᵢ θ_d,
// θ_d (d) starting at 0 and one trainable scale λᵢ per tensor (starting at 1), Pᵢ a fixed
// Fastfood projection of its own (Fastfood.swift), drawn from `projection_seed` (not the run's
// seed: the projections are part of the stored adapter's meaning, as VeRA's). Merge: θᵢ ← θᵢ⁰ + λᵢ·Pᵢθ_d (a dense update).
// Aghajanyan, Zettlemoyer & Gupta 2020, arXiv 2012.13255. Trainable: d + (number of tensors).

import NN
import Tensor

public final class SAID: PEFTMethod {
    public static let name = "said"
    public static let family = Family.reparameterized
    public static let paper = "2012.13255"
    public static let formula = "d + one λ per block tensor (Linear weights and biases, LayerNorm gains and biases)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 512 + s.L * 16 }  // 6 Linears, 2 norms
    public static let mergeable = true
    public static let departures = [
        "The subspace spans the blocks' tensors; embeddings, positions and the final norm stay frozen (they have no hook site; on minilm the 11.7M-entry word embedding would dominate the projection's cost)",
        "λᵢ start at 1 so that θ_d gets a gradient at step 0 (with θ_d = 0 and λ = 0 neither would ever move); the paper does not state λ's start",
        "The Fastfood constants (about 9 bytes per projected entry) live outside the tensor allocator: peak_train_bytes leaves them out, peak_rss_bytes has them",
    ]
    let dimension: Int
    let projectionSeed: UInt64

    public init(_ options: Options) throws {
        dimension = try options.int("d", default: 512, in: 1...1_000_000)
        projectionSeed = UInt64(try options.int("projection_seed", default: 0, in: 0...Int(Int32.max)))
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        model.freeze()
        var rng = RNG(seed: projectionSeed)
        let theta = Tensor.zeros([dimension], requiresGrad: true)
        func projected(_ t: Tensor?) -> Projected? {
            t.map {
                Projected(
                    theta: theta, shape: $0.shape, projection: Fastfood(inputs: dimension, outputs: $0.count, rng: &rng)
                )
            }
        }
        for block in blocks {
            for case let module in block.namedModules().map(\.module) {
                if let l = module as? Linear {
                    guard l.hook == nil else {
                        throw MethodError.unsupported(method: Self.name, reason: "a Linear already has a hook")
                    }
                    l.hook = LinearHook(weight: projected(l.weight)!, bias: projected(l.bias))
                } else if let n = module as? LayerNorm {
                    guard n.hook == nil else {
                        throw MethodError.unsupported(method: Self.name, reason: "a LayerNorm already has a hook")
                    }
                    n.hook = NormHook(gain: projected(n.weight)!, bias: projected(n.bias)!)
                }
            }
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// One tensor's update λ·Pθ_d; θ_d is shared by every Projected of the model.
    final class Projected: Module {
        let theta: Tensor  // (d), shared
        let lambda: Tensor  // (1)
        let shape: [Int]
        let projection: Fastfood
        init(theta: Tensor, shape: [Int], projection: Fastfood) {
            (self.theta, self.shape, self.projection) = (theta, shape, projection)
            lambda = Tensor([1], shape: [1], requiresGrad: true)
        }
        /// base + λ·Pθ_d, base of `shape`.
        func applied(to base: Tensor) -> Tensor { base + projection(theta, shape: shape) * lambda }
    }

    final class LinearHook: Module, MergeableLinearHook {
        let weight: Projected, bias: Projected?
        init(weight: Projected, bias: Projected?) { (self.weight, self.bias) = (weight, bias) }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(weight: mergedWeight(base), bias: mergedBias(base))
        }
        func mergedWeight(_ base: Linear) -> Tensor { weight.applied(to: base.weight) }
        func mergedBias(_ base: Linear) -> Tensor? { base.bias.map { bias!.applied(to: $0) } }
    }

    final class NormHook: Module, MergeableNormHook {
        let gain: Projected, bias: Projected
        init(gain: Projected, bias: Projected) { (self.gain, self.bias) = (gain, bias) }
        func callAsFunction(_ x: Tensor, base: LayerNorm) -> Tensor {
            let (g, b) = mergedGainBias(base)
            return x.layerNorm(gamma: g, beta: b, eps: base.eps)
        }
        func mergedGainBias(_ base: LayerNorm) -> (gain: Tensor, bias: Tensor) {
            (gain.applied(to: base.weight), bias.applied(to: base.bias))
        }
    }
}
