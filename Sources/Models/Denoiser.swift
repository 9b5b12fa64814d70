// `denoiser`: predicts the noise in a noisy 8x8 image (DDPM's ε-parameterisation). 2x2 patches →
// 16 tokens with learned positions; the timestep's sinusoidal embedding goes through a 2-layer MLP
// and is added to every token; bidirectional pre-LN blocks; a linear layer maps each token back to
// its 4 pixels.

import NN
import Tensor

public struct DenoiserConfig: Sendable, Equatable, Codable {
    public var side = 8
    public var patch = 2
    public var dim = 64
    public var depth = 4
    public var heads = 4
    public var hidden = 256
    public init() {}
    public var tokens: Int { (side / patch) * (side / patch) }
}

/// Timestep embedding: sinusoid (D) → fc1 → GELU → fc2.
public final class TimeEmbedding: Module {
    public let fc1: Linear, fc2: Linear
    let dim: Int
    init(dim: Int, rng: inout RNG) {
        self.dim = dim
        fc1 = Linear(dim, dim, rng: &rng)
        fc2 = Linear(dim, dim, rng: &rng)
    }
    /// Timesteps (B) → (B, D).
    public func callAsFunction(_ steps: [Int]) -> Tensor { fc2(fc1(sinusoidalEmbedding(steps, dim: dim)).gelu()) }
}

public final class Denoiser: Module, PromptSite, SideSite {
    public override var outputLayerPattern: String? { "out.*" }
    public let config: DenoiserConfig
    public let patch: Linear  // patch² → D
    public let pos: Tensor  // (tokens, D)
    public let time: TimeEmbedding
    public let blocks: [Block]
    public let ln_f: LayerNorm
    public let out: Linear  // D → patch²
    public var side: (any SideNetwork)?  // LST's ladder side network, predicting from the blocks' outputs
    public var prompt: (any PromptProvider)?  // tokens before the patches, dropped before `out`
    public var positionOffset: (any PositionOffset)?
    public var tokenEmbedding: Tensor? { nil }
    public var width: Int { config.dim }

    public init(_ config: DenoiserConfig = DenoiserConfig(), seed: UInt64) {
        var rng = RNG(seed: seed)
        self.config = config
        patch = Linear(config.patch * config.patch, config.dim, rng: &rng)
        pos = .randn([config.tokens, config.dim], std: 0.02, rng: &rng, requiresGrad: true)
        time = TimeEmbedding(dim: config.dim, rng: &rng)
        blocks = (0..<config.depth).map { _ in
            Block(dim: config.dim, heads: config.heads, hidden: config.hidden, causal: false, rng: &rng)
        }
        ln_f = LayerNorm(config.dim)
        out = Linear(config.dim, config.patch * config.patch, rng: &rng)
    }

    /// Noisy images (B, side²) at timesteps (B) → predicted noise (B, side²).
    public func callAsFunction(_ images: Tensor, steps: [Int]) -> Tensor {
        let (b, d) = (images.shape[0], config.dim)
        let tokens = patch(patchify(images, side: config.side, patch: config.patch))  // (B, 16, D)
        var x = tokens + offsetPositions(pos, positionOffset) + time(steps).reshaped([b, 1, d])
        let p = prompt?.tokens()  // (l, D)
        if let p, prompt?.insertionBlock == 0 { x = inserting(p, into: x, at: 0) }
        x = runBlocks(blocks, x, prompt: prompt, at: 0, side: side)
        if let p { x = x.slice(axis: 1, p.shape[0]..<x.shape[1]) }
        return unpatchify(out(ln_f(x)), side: config.side, patch: config.patch)
    }
}
