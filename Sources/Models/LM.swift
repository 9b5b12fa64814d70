// `lm`: a byte-level causal language model. Bytes (vocab 256) and learned positions, pre-LN
// causal blocks, an untied LM head. A classifier reads the last non-pad token's features.

import NN
import Tensor

public struct LMConfig: Sendable, Equatable, Codable {
    public var vocab = 256
    public var context = 64
    public var dim = 128
    public var depth = 4
    public var heads = 4
    public var hidden = 512  // MLP width, 4·dim
    public init() {}
}

public final class LM: Module, PromptSite, SideSite {
    public override var outputLayerPattern: String? { "head.*" }
    public let config: LMConfig
    public let embed: Embedding  // (V, D)
    public let pos: Tensor  // (context, D)
    public let blocks: [Block]
    public let ln_f: LayerNorm
    public var head: Linear  // D → V (the LM head; a task may swap in a classifier)
    public var side: (any SideNetwork)?  // LST's ladder side network, predicting from the blocks' outputs
    public var prompt: (any PromptProvider)?  // tokens before the text, without positions
    public var positionOffset: (any PositionOffset)?
    public var tokenEmbedding: Tensor? { embed.weight }
    public var width: Int { config.dim }

    public init(_ config: LMConfig = LMConfig(), seed: UInt64) {
        var rng = RNG(seed: seed)
        self.config = config
        embed = Embedding(config.vocab, config.dim, rng: &rng)
        pos = .randn([config.context, config.dim], std: 0.02, rng: &rng, requiresGrad: true)
        blocks = (0..<config.depth).map { _ in
            Block(dim: config.dim, heads: config.heads, hidden: config.hidden, causal: true, rng: &rng)
        }
        ln_f = LayerNorm(config.dim)
        head = Linear(config.dim, config.vocab, rng: &rng)
    }

    /// Token ids (B·T, row-major) → normalised features (B, T, D).
    public func features(_ ids: [Int], batch b: Int, length t: Int) -> Tensor {
        precondition(t <= config.context, "lm: sequence length \(t) exceeds the context of \(config.context)")
        var x = embed(ids, shape: [b, t]) + offsetPositions(pos, positionOffset).slice(axis: 0, 0..<t)
        let p = prompt?.tokens()  // (l, D); the text keeps its positions 0…T−1
        if let p, prompt?.insertionBlock == 0 { x = inserting(p, into: x, at: 0) }
        x = runBlocks(blocks, x, prompt: prompt, at: 0, side: side)
        if let p { x = x.slice(axis: 1, p.shape[0]..<x.shape[1]) }
        return ln_f(x)
    }

    /// Token ids → next-token logits (B, T, V).
    public func callAsFunction(_ ids: [Int], batch b: Int, length t: Int) -> Tensor {
        head(features(ids, batch: b, length: t))
    }

    /// Features of each sequence's last real token, (B, D); `lengths[i]` counts the non-pad tokens.
    public func lastTokenFeatures(_ ids: [Int], batch b: Int, length t: Int, lengths: [Int]) -> Tensor {
        let rows = lengths.enumerated().map { i, n in i * t + Swift.max(n, 1) - 1 }
        return features(ids, batch: b, length: t).reshaped([b * t, config.dim]).indexSelect(axis: 0, rows)
    }
}
