// `minilm`: a BERT encoder (Devlin et al., arXiv 1810.04805) in the shape of sentence-transformers'
// all-MiniLM-L6-v2 (Wang et al., MiniLM, arXiv 2002.10957): WordPiece ids → word + learned
// position + token-type-0 embeddings → LayerNorm → post-LN bidirectional blocks (exact GELU,
// LayerNorm ε from config.json) with a key-padding mask. A classifier reads the mean of the real
// tokens' last hidden states (the model's sentence embedding; its pooler is not used).
// Prompt and prefix tokens take positions as they do when Hugging Face PEFT attaches them to
// BertModel (inputs_embeds rows; past_key_values), so exported adapters agree.
// The weights come from Hugging Face's files under their names (MiniLMWeights).

import Foundation
import NN
import Tensor

public struct BERTConfig: Sendable, Equatable, Codable {
    public var vocab = 30_522
    public var positions = 512
    public var tokenTypes = 2
    public var dim = 384
    public var depth = 6
    public var heads = 12
    public var hidden = 1_536
    public var eps: Float = 1e-12
    public var classes = 2  // the classifier a task puts on the sentence embedding
    public init() {}

    /// A Hugging Face config.json; anything but a GELU BERT is refused.
    public init(configFile path: String) throws(ModelError) {
        guard let data = FileManager.default.contents(atPath: path),
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw .badFile(path, reason: "not a JSON object") }
        func int(_ key: String) throws(ModelError) -> Int {
            guard let v = json[key] as? Int, v > 0 else {
                throw .badFile(path, reason: "\(key) is not a positive integer")
            }
            return v
        }
        vocab = try int("vocab_size")
        positions = try int("max_position_embeddings")
        tokenTypes = try int("type_vocab_size")
        dim = try int("hidden_size")
        depth = try int("num_hidden_layers")
        heads = try int("num_attention_heads")
        hidden = try int("intermediate_size")
        guard let e = json["layer_norm_eps"] as? Double, e > 0 else {
            throw .badFile(path, reason: "layer_norm_eps is not a positive number")
        }
        eps = Float(e)
        guard (json["hidden_act"] as? String) == "gelu" else {
            throw .badFile(
                path, reason: "hidden_act must be \"gelu\" (exact), found \(json["hidden_act"] ?? "nothing")")
        }
        guard dim % heads == 0 else {
            throw .badFile(path, reason: "hidden_size \(dim) is not divisible by \(heads) heads")
        }
    }
}

public final class MiniLM: Module, PromptSite, SideSite {
    public override var outputLayerPattern: String? { "head.*" }
    public let config: BERTConfig
    public let embed: Embedding  // (V, D) word pieces
    public let pos: Tensor  // (positions, D)
    public let tokenType: Tensor  // (types, D); every token is type 0
    public let embedNorm: LayerNorm
    public let blocks: [Block]
    public var head: Linear  // D → classes, on the mean-pooled sentence embedding
    public var side: (any SideNetwork)?  // LST's ladder side network, predicting from the blocks' outputs
    /// Prompt tokens: rows of the input embeddings before the text, which (as in Hugging Face
    /// PEFT on BERT) take positions 0…l−1 and the embedding norm like any token.
    public var prompt: (any PromptProvider)?
    public var positionOffset: (any PositionOffset)?
    public var tokenEmbedding: Tensor? { embed.weight }
    public var width: Int { config.dim }

    public init(_ config: BERTConfig = BERTConfig(), seed: UInt64) {
        var rng = RNG(seed: seed)
        self.config = config
        embed = Embedding(config.vocab, config.dim, rng: &rng)
        pos = .randn([config.positions, config.dim], std: 0.02, rng: &rng, requiresGrad: true)
        tokenType = .randn([config.tokenTypes, config.dim], std: 0.02, rng: &rng, requiresGrad: true)
        embedNorm = LayerNorm(config.dim, eps: config.eps)
        blocks = (0..<config.depth).map { _ in
            Block(
                dim: config.dim, heads: config.heads, hidden: config.hidden, causal: false, postNorm: true,
                eps: config.eps, rng: &rng)
        }
        head = Linear(config.dim, config.classes, rng: &rng)
    }

    /// Padded ids (B·T, row-major) and each row's real length → last hidden states (B, T, D) of the
    /// text (prompt rows dropped); rows at or past a length are padding.
    public func hiddenStates(_ ids: [Int], batch b: Int, length t: Int, lengths: [Int]) -> Tensor {
        var x = embed(ids, shape: [b, t])  // (B, T, D)
        let p = prompt?.tokens()  // (l, D)
        let l = p?.shape[0] ?? 0
        // A late prompt joins the hidden states at its block: no position, no embedding norm.
        let joins = prompt?.insertionBlock ?? 0
        let atInput = joins == 0 ? l : 0
        // Prefix keys and values occupy the first positions, as Hugging Face's BERT counts
        // past_key_values: the sequence's positions start after them.
        let first = blocks.first?.attn.prefix?.length ?? 0
        precondition(
            first + atInput + t <= config.positions,
            "minilm: \(first + atInput + t) positions exceed \(config.positions)")
        if let p, joins == 0 { x = inserting(p, into: x, at: 0) }
        let positions = offsetPositions(pos, positionOffset).slice(axis: 0, first..<(first + atInput + t))
        x = embedNorm(x + positions + tokenType.slice(axis: 0, 0..<1).reshaped([config.dim]))
        x = runBlocks(blocks, x, prompt: prompt, at: 0, side: side) { i in lengths.map { (i >= joins ? l : 0) + $0 } }
        return l > 0 ? x.slice(axis: 1, l..<(l + t)) : x
    }

    /// The sentence embedding (B, D): the mean of each row's real tokens' hidden states.
    public func meanPooled(_ ids: [Int], batch b: Int, length t: Int, lengths: [Int]) -> Tensor {
        let h = hiddenStates(ids, batch: b, length: t, lengths: lengths)
        var weights = [Float](repeating: 0, count: b * t)
        for (i, n) in lengths.enumerated() { for j in 0..<n { weights[i * t + j] = 1 / Float(n) } }
        return Tensor(weights, shape: [b, 1, t]).bmm(h).reshaped([b, config.dim])
    }

    /// Class logits (B, classes).
    public func callAsFunction(_ ids: [Int], batch b: Int, length t: Int, lengths: [Int]) -> Tensor {
        head(meanPooled(ids, batch: b, length: t, lengths: lengths))
    }
}
