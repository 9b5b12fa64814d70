// The basic layers. Linear stores its weight (out, in) like PyTorch and computes y = x Wᵀ + b; its
// `hook` is the site where reparameterising and additive methods attach (LoRA, IA3, adapters).

import Tensor

/// A method's replacement for a Linear's forward pass. It receives the Linear so it can call the
/// frozen base (`base.forward(x)`) or use its weight directly.
public protocol LinearHook: Module {
    func callAsFunction(_ x: Tensor, base: Linear) -> Tensor
}

public final class Linear: Module {
    public var weight: Tensor  // (out, in)
    public var bias: Tensor?  // (out)
    public var hook: (any LinearHook)?
    public let inFeatures: Int, outFeatures: Int

    /// PyTorch's default initialisation: weight and bias ~ U(−1/√in, 1/√in).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rng: inout RNG) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = .uniform([outFeatures, inFeatures], -bound, bound, rng: &rng, requiresGrad: true)
        self.bias = bias ? .uniform([outFeatures], -bound, bound, rng: &rng, requiresGrad: true) : nil
    }

    /// The plain layer, ignoring any hook.
    public func forward(_ x: Tensor) -> Tensor { x.linear(weight: weight, bias: bias) }

    /// x (…, in) → (…, out), through the hook when one is attached.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if let hook { return hook(x, base: self) }
        return forward(x)
    }
}

/// A method's replacement for a LayerNorm's forward pass (scale-and-shift methods).
public protocol NormHook: Module {
    func callAsFunction(_ x: Tensor, base: LayerNorm) -> Tensor
}

public final class LayerNorm: Module {
    public let weight: Tensor  // (D) gain, starts at 1
    public let bias: Tensor  // (D), starts at 0
    public let eps: Float
    public var hook: (any NormHook)?

    public init(_ dim: Int, eps: Float = 1e-5) {
        weight = .ones([dim], requiresGrad: true)
        bias = .zeros([dim], requiresGrad: true)
        self.eps = eps
    }

    /// The plain layer, ignoring any hook.
    public func forward(_ x: Tensor) -> Tensor { x.layerNorm(gamma: weight, beta: bias, eps: eps) }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if let hook { return hook(x, base: self) }
        return forward(x)
    }
}

public final class Embedding: Module {
    public let weight: Tensor  // (V, D)

    /// Rows ~ N(0, std²).
    public init(_ count: Int, _ dim: Int, std: Float = 0.02, rng: inout RNG) {
        weight = .randn([count, dim], std: std, rng: &rng, requiresGrad: true)
    }

    /// ids laid out in `shape` → (shape…, D).
    public func callAsFunction(_ ids: [Int], shape: [Int]) -> Tensor { weight.embedding(ids, shape: shape) }
}
