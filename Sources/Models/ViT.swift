// `vit`: a small vision transformer for 8x8 one-channel images. 2x2 patches → 16 tokens, plus a
// CLS token; pre-LN blocks; the head reads the CLS token after the final norm.

import NN
import Tensor

public struct ViTConfig: Sendable, Equatable, Codable {
    public var side = 8  // image is side x side, one channel
    public var patch = 2  // → (side/patch)² = 16 tokens, patch² = 4 pixels each
    public var dim = 64
    public var depth = 4
    public var heads = 4
    public var hidden = 256  // MLP width, 4·dim
    public var classes = 10
    public init() {}
    public var tokens: Int { (side / patch) * (side / patch) }
}

public final class ViT: Module, PromptSite, SideSite {
    public override var outputLayerPattern: String? { "head.*" }
    public let config: ViTConfig
    public let patch: Linear  // patch² → D
    public let cls: Tensor  // (D)
    public let pos: Tensor  // (1 + tokens, D); row 0 is the CLS position
    public let blocks: [Block]
    public let ln_f: LayerNorm  // named as in the public parameter names
    public var head: Linear  // D → C
    public var side: (any SideNetwork)?  // LST's ladder side network, predicting from the blocks' outputs
    public var prompt: (any PromptProvider)?  // VPT-style tokens between CLS and the patches
    public var positionOffset: (any PositionOffset)?
    public var tokenEmbedding: Tensor? { nil }
    public var width: Int { config.dim }

    public init(_ config: ViTConfig = ViTConfig(), seed: UInt64) {
        var rng = RNG(seed: seed)
        self.config = config
        patch = Linear(config.patch * config.patch, config.dim, rng: &rng)
        cls = .randn([config.dim], std: 0.02, rng: &rng, requiresGrad: true)
        pos = .randn([1 + config.tokens, config.dim], std: 0.02, rng: &rng, requiresGrad: true)
        blocks = (0..<config.depth).map { _ in
            Block(dim: config.dim, heads: config.heads, hidden: config.hidden, causal: false, rng: &rng)
        }
        ln_f = LayerNorm(config.dim)
        head = Linear(config.dim, config.classes, rng: &rng)
    }

    /// Images (B, side²) → normalised CLS features (B, D).
    public func features(_ images: Tensor) -> Tensor {
        let b = images.shape[0], d = config.dim
        let tokens = patch(patchify(images, side: config.side, patch: config.patch))  // (B, 16, D)
        var x =
            Tensor.concat([cls.reshaped([1, 1, d]).expanded(to: [b, 1, d]), tokens], axis: 1)
            + offsetPositions(pos, positionOffset)
        if let p = prompt?.tokens(), prompt?.insertionBlock == 0 {  // (l, D) → (B, 1 + l + 16, D); CLS is read out
            x = inserting(p, into: x, at: 1)
        }
        x = runBlocks(blocks, x, prompt: prompt, at: 1, side: side)
        return ln_f(x.slice(axis: 1, 0..<1).reshaped([b, d]))
    }

    /// Images (B, side²) → logits (B, C).
    public func callAsFunction(_ images: Tensor) -> Tensor { head(features(images)) }
}
