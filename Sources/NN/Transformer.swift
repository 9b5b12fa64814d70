// The transformer pieces shared by every backbone: multi-head attention (causal or bidirectional,
// with a site for prefix keys/values and an optional key-padding mask), the MLP (D → 4D, GELU,
// → D) and the block, pre-LN (GPT/ViT) or post-LN (BERT):
//   pre:  x = x + attn(ln1(x));  x = x + mlp(ln2(x))
//   post: x = ln1(x + attn(x));  x = ln2(x + mlp(x))
// Both sublayers have an `adapter` site that sees the sublayer's input and output and returns
// the output used in the residual add: serial adapters transform the output, parallel ones add a
// branch computed from the input. The block's norms are the same two sites in either layout.

import Tensor

/// Extra keys and values that every query attends to (prefix tuning, P-tuning v2).
public protocol PrefixProvider: Module {
    /// Keys and values placed before the sequence's own: each (l, D), shared by the batch, or
    /// (B, l, D) when they depend on the input `x` (B, T, D) (gated prefixes).
    func keysValues(for x: Tensor) -> (keys: Tensor, values: Tensor)
    /// l, the number of prefix positions.
    var length: Int { get }
}

/// A method's change to a sublayer's output (adapters).
public protocol SublayerAdapter: Module {
    /// input (B, T, D) is what the sublayer read (after its norm), output (B, T, D) what it
    /// produced; returns what is added to the residual stream.
    func callAsFunction(input: Tensor, output: Tensor) -> Tensor
}

public final class Attention: Module {
    public let q: Linear, k: Linear, v: Linear, o: Linear
    public var prefix: (any PrefixProvider)?
    public var adapter: (any SublayerAdapter)?
    public let heads: Int
    public let causal: Bool

    public init(dim: Int, heads: Int, causal: Bool, rng: inout RNG) {
        precondition(dim % heads == 0, "Attention: width \(dim) is not divisible by \(heads) heads")
        q = Linear(dim, dim, rng: &rng)
        k = Linear(dim, dim, rng: &rng)
        v = Linear(dim, dim, rng: &rng)
        o = Linear(dim, dim, rng: &rng)
        self.heads = heads
        self.causal = causal
    }

    /// x (B, T, D) → (B, T, D). `lengths[b]` (when given) counts sequence b's real tokens: keys
    /// at or after it are padding that no query sees (prefix keys are always seen).
    public func callAsFunction(_ x: Tensor, lengths: [Int]? = nil) -> Tensor {
        let (b, d) = (x.shape[0], x.shape[2])
        var keys = k(x), values = v(x)  // (B, T, D)
        if let prefix {
            var (pk, pv) = prefix.keysValues(for: x)  // (l, D) or (B, l, D)
            let l = pk.shape[pk.rank - 2]
            if pk.rank == 2 { (pk, pv) = (pk.expanded(to: [b, l, d]), pv.expanded(to: [b, l, d])) }
            keys = Tensor.concat([pk, keys], axis: 1)  // (B, l+T, D)
            values = Tensor.concat([pv, values], axis: 1)
        }
        let y = o(Tensor.attention(q: q(x), k: keys, v: values, heads: heads, causal: causal, lengths: lengths))
        return adapter.map { $0(input: x, output: y) } ?? y
    }
}

public final class MLP: Module {
    public let up: Linear  // D → F
    public let down: Linear  // F → D
    public var adapter: (any SublayerAdapter)?

    public init(dim: Int, hidden: Int, rng: inout RNG) {
        up = Linear(dim, hidden, rng: &rng)
        down = Linear(hidden, dim, rng: &rng)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = down(up(x).gelu())
        return adapter.map { $0(input: x, output: y) } ?? y
    }
}

/// A branch beside a block's MLP that reads the residual stream itself (before the MLP's norm)
/// and adds to the MLP's output (AdaptFormer's AdaptMLP).
public protocol ResidualBranch: Module {
    /// h (B, T, D), the MLP sublayer's residual input → what joins the MLP's output.
    func callAsFunction(_ h: Tensor) -> Tensor
}

public final class Block: Module {
    public let ln1: LayerNorm
    public let attn: Attention
    public let ln2: LayerNorm
    public let mlp: MLP
    public var mlpBranch: (any ResidualBranch)?
    /// BERT's layout: each norm follows its residual add instead of preceding the sublayer.
    public let postNorm: Bool

    public init(
        dim: Int, heads: Int, hidden: Int, causal: Bool, postNorm: Bool = false, eps: Float = 1e-5, rng: inout RNG
    ) {
        ln1 = LayerNorm(dim, eps: eps)
        attn = Attention(dim: dim, heads: heads, causal: causal, rng: &rng)
        ln2 = LayerNorm(dim, eps: eps)
        mlp = MLP(dim: dim, hidden: hidden, rng: &rng)
        self.postNorm = postNorm
    }

    /// x (B, T, D) → (B, T, D); `lengths` masks padded keys (see `Attention`).
    public func callAsFunction(_ x: Tensor, lengths: [Int]? = nil) -> Tensor {
        if postNorm {
            let h = ln1(x + attn(x, lengths: lengths))
            return ln2(h + withBranch(mlp(h), h))
        }
        let h = x + attn(ln1(x), lengths: lengths)
        return h + withBranch(mlp(ln2(h)), h)
    }

    /// The MLP's output y plus the branch's reading of the residual h, if there is a branch.
    func withBranch(_ y: Tensor, _ h: Tensor) -> Tensor {
        guard let mlpBranch else { return y }
        return y + mlpBranch(h)
    }
}

/// Learned tokens inserted into a backbone's token sequence before the first block (prompt
/// tuning). The backbone decides where they go and drops them again after the last block.
public protocol PromptProvider: Module {
    /// (l, D)
    func tokens() -> Tensor
    /// The tokens that replace the prompt rows at the input of block i > 0 (VPT-Deep), (l, D);
    /// nil: the previous block's prompt outputs go on.
    func tokens(atBlock i: Int) -> Tensor?
    /// The block before which the prompt joins the sequence: 0, with the input embeddings, or a
    /// later block (late prompt tuning), whose input hidden states it then joins.
    var insertionBlock: Int { get }
}

extension PromptProvider {
    public func tokens(atBlock i: Int) -> Tensor? { nil }
    public var insertionBlock: Int { 0 }
}

/// x (B, N, D) with the prompt p (l, D) inserted as rows offset..<offset + l, the same for every
/// sequence of the batch.
public func inserting(_ p: Tensor, into x: Tensor, at offset: Int) -> Tensor {
    let b = x.shape[0]
    var parts = offset > 0 ? [x.slice(axis: 1, 0..<offset)] : []
    parts.append(p.reshaped([1] + p.shape).expanded(to: [b] + p.shape))
    if offset < x.shape[1] { parts.append(offset == 0 ? x : x.slice(axis: 1, offset..<x.shape[1])) }
    return Tensor.concat(parts, axis: 1)
}

/// What block i > 0 reads: x with a late prompt inserted at `offset` if it joins here, or with
/// the prompt rows replaced by block i's deep prompt (`withDeepPrompt`). Block 0's prompt is the
/// backbone's business (it goes in with the embeddings).
public func promptedInput(_ x: Tensor, _ prompt: (any PromptProvider)?, block i: Int, at offset: Int) -> Tensor {
    guard let prompt, i > 0 else { return x }
    if i == prompt.insertionBlock { return inserting(prompt.tokens(), into: x, at: offset) }
    return withDeepPrompt(x, prompt, block: i, at: offset)
}

/// x (B, N, D) with its prompt rows offset..<offset + l replaced by `prompt`'s tokens for block i,
/// when it has some there.
public func withDeepPrompt(_ x: Tensor, _ prompt: (any PromptProvider)?, block i: Int, at offset: Int) -> Tensor {
    guard i > 0, let p = prompt?.tokens(atBlock: i) else { return x }
    let (b, end) = (x.shape[0], offset + p.shape[0])
    var parts = offset > 0 ? [x.slice(axis: 1, 0..<offset)] : []
    parts.append(p.reshaped([1] + p.shape).expanded(to: [b] + p.shape))
    if end < x.shape[1] { parts.append(x.slice(axis: 1, end..<x.shape[1])) }
    return Tensor.concat(parts, axis: 1)
}

/// A network beside the backbone that reads every block's output (its ladders) and makes the
/// prediction in place of the last block's output (ladder side-tuning).
public protocol SideNetwork: Module {
    /// The outputs of blocks 1…L, each (B, T, D) → what the backbone uses as its last hidden
    /// states (B, T, D). `lengths` masks padded keys as for the last block.
    func callAsFunction(_ outputs: [Tensor], lengths: [Int]?) -> Tensor
}

/// A backbone with a place for a side network.
public protocol SideSite: Module {
    var side: (any SideNetwork)? { get set }
}

/// The blocks over x, block i reading `promptedInput` and masking with `lengths(i)`; a side
/// network, if there is one, reads every block's output and its prediction replaces the last.
public func runBlocks(
    _ blocks: [Block], _ x: Tensor, prompt: (any PromptProvider)?, at offset: Int, side: (any SideNetwork)?,
    lengths: (Int) -> [Int]? = { _ in nil }
) -> Tensor {
    var x = x, outputs: [Tensor] = []
    for (i, block) in blocks.enumerated() {
        x = block(promptedInput(x, prompt, block: i, at: offset), lengths: lengths(i))
        if side != nil { outputs.append(x) }
    }
    return side.map { $0(outputs, lengths: lengths(blocks.count - 1)) } ?? x
}

/// A learned additive update of a backbone's position table (DePT's low-rank offset of the input
/// embeddings, position by position).
public protocol PositionOffset: Module {
    /// (positions, D), the shape of the table.
    func offset() -> Tensor
}

/// The position table with its offset, if there is one.
public func offsetPositions(_ pos: Tensor, _ offset: (any PositionOffset)?) -> Tensor {
    offset.map { pos + $0.offset() } ?? pos
}

/// A backbone that accepts prompt tokens (and an offset of its position table).
public protocol PromptSite: Module {
    var prompt: (any PromptProvider)? { get set }
    var positionOffset: (any PositionOffset)? { get set }
    /// The learned position table (positions, D) that the input embeddings add.
    var pos: Tensor { get }
    /// The token-embedding table (V, D) when the input is tokens (prompts may start from rows of
    /// it), nil for image inputs.
    var tokenEmbedding: Tensor? { get }
    var width: Int { get }
}
