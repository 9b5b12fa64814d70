// Prefix keys and values for every block's attention, shared by prefix tuning, P-tuning v2 and
// the hybrids. Either trained directly (P_k, P_v (l, d) per block) or produced by one MLP shared
// by all blocks from a trainable P′ (l, d): [P_k⁰ P_v⁰ … P_k^{L−1} P_v^{L−1}] = MLP(P′) (l, 2Ld),
// MLP = Linear(d, h) – tanh – Linear(h, 2Ld) (Li & Liang's reparameterisation).

import NN
import Tensor

/// A block's prefix taken directly from its own tensors. They start at N(0, 1), as HF PEFT's
/// prefix encoder without projection does (an `nn.Embedding` of l × 2Ld, default init).
public final class DirectPrefix: Module, PrefixProvider {
    public let keys: Tensor, values: Tensor  // (l, d)
    init(length l: Int, dim d: Int, rng: inout RNG) {
        keys = .randn([l, d], std: 1, rng: &rng, requiresGrad: true)
        values = .randn([l, d], std: 1, rng: &rng, requiresGrad: true)
    }
    public func keysValues(for x: Tensor) -> (keys: Tensor, values: Tensor) { (keys, values) }
    public var length: Int { keys.shape[0] }
}

/// The reparameterisation shared by all blocks: P′ and the MLP.
public final class PrefixEncoder: Module {
    public let embedding: Tensor  // P′ (l, d)
    public let fc1: Linear, fc2: Linear
    let blocks: Int, dim: Int

    init(length l: Int, dim d: Int, hidden h: Int, blocks: Int, rng: inout RNG) {
        embedding = .randn([l, d], std: 1, rng: &rng, requiresGrad: true)
        fc1 = Linear(d, h, rng: &rng)
        fc2 = Linear(h, 2 * blocks * d, rng: &rng)
        self.blocks = blocks
        self.dim = d
    }

    /// (l, 2Ld); block i's keys are columns [2i·d, (2i+1)·d), its values the next d.
    func callAsFunction() -> Tensor { fc2(fc1(embedding).tanh()) }
}

/// Block `index`'s slice of the shared encoder's output.
public final class EncodedPrefix: Module, PrefixProvider {
    public let encoder: PrefixEncoder
    let index: Int
    init(encoder: PrefixEncoder, index: Int) {
        self.encoder = encoder
        self.index = index
    }
    public func keysValues(for x: Tensor) -> (keys: Tensor, values: Tensor) {
        let all = encoder(), d = encoder.dim
        return (
            all.slice(axis: 1, (2 * index * d)..<((2 * index + 1) * d)),
            all.slice(axis: 1, ((2 * index + 1) * d)..<((2 * index + 2) * d))
        )
    }
    public var length: Int { encoder.embedding.shape[0] }
}

/// Attaches a prefix to every block's attention: direct (`hidden == nil`) or MLP-encoded;
/// `wrap` may put each block's prefix inside another provider (a gate).
func attachPrefixes(
    _ model: Module, method: String, length l: Int, hidden: Int?, seed: UInt64,
    wrap: (any PrefixProvider, _ dim: Int) -> any PrefixProvider = { p, _ in p }
) throws {
    let blocks = try model.requireBlocks(for: method)
    var rng = RNG(seed: seed)
    let d = model.blockWidth
    let encoder = hidden.map { PrefixEncoder(length: l, dim: d, hidden: $0, blocks: blocks.count, rng: &rng) }
    for (i, block) in blocks.enumerated() {
        guard block.attn.prefix == nil else {
            throw MethodError.unsupported(method: method, reason: "attention already has a prefix")
        }
        let prefix: any PrefixProvider =
            encoder.map { EncodedPrefix(encoder: $0, index: i) } ?? DirectPrefix(length: l, dim: d, rng: &rng)
        block.attn.prefix = wrap(prefix, d)
    }
}

/// PREFIX_TUNING without projection, for prefix tuning (only P = MLP(P′) is kept) and P-tuning v2:
/// `prompt_embeddings` (l, 2Ld) = [P_k⁰ P_v⁰ … P_k^{L−1} P_v^{L−1}], the encoder's layout, which
/// PEFT views as (l, 2L, heads, d/heads), as our attention splits heads.
func prefixExport(_ model: Module, method: String) throws -> (
    tensors: [String: Tensor], config: [String: PEFTConfigValue]
) {
    let blocks = try model.requireBlocks(for: method)
    let d = model.blockWidth
    let parts = try blocks.flatMap { block -> [Tensor] in
        guard let prefix = block.attn.prefix, prefix is DirectPrefix || prefix is EncodedPrefix else {
            throw MethodError.unsupported(method: method, reason: "a block has no trained prefix")
        }
        let (k, v) = prefix.keysValues(for: .zeros([1, 1, d]))  // independent of the input
        return [k, v]
    }
    let table = withoutGrad { Tensor.concat(parts, axis: 1) }
    var config = try promptLearningConfig("PREFIX_TUNING", length: table.shape[0], model: model, method: method)
    config["prefix_projection"] = .bool(false)
    config["encoder_hidden_size"] = .int(d)
    return (["prompt_embeddings": table], config)
}
