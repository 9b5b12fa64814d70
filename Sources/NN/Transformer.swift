// The transformer pieces shared by every backbone: multi-head attention (causal or bidirectional,
// with a site for prefix keys/values), the MLP (D → 4D, GELU, → D) and the pre-LN block
//   x = x + attn(ln1(x));  x = x + mlp(ln2(x)).

import Tensor

/// Extra keys and values that every query attends to (prefix tuning, P-tuning v2).
public protocol PrefixProvider: Module {
    /// Keys and values, each (l, D), placed before the sequence's own.
    func keysValues() -> (keys: Tensor, values: Tensor)
}

public final class Attention: Module {
    public let q: Linear, k: Linear, v: Linear, o: Linear
    public var prefix: (any PrefixProvider)?
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

    /// x (B, T, D) → (B, T, D).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let (b, d) = (x.shape[0], x.shape[2])
        var keys = k(x), values = v(x)          // (B, T, D)
        if let prefix {
            let (pk, pv) = prefix.keysValues()  // (l, D)
            let l = pk.shape[0]
            keys = Tensor.concat([pk.expanded(to: [b, l, d]), keys], axis: 1)      // (B, l+T, D)
            values = Tensor.concat([pv.expanded(to: [b, l, d]), values], axis: 1)
        }
        return o(Tensor.attention(q: q(x), k: keys, v: values, heads: heads, causal: causal))
    }
}

public final class MLP: Module {
    public let up: Linear    // D → F
    public let down: Linear  // F → D

    public init(dim: Int, hidden: Int, rng: inout RNG) {
        up = Linear(dim, hidden, rng: &rng)
        down = Linear(hidden, dim, rng: &rng)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { down(up(x).gelu()) }
}

public final class Block: Module {
    public let ln1: LayerNorm
    public let attn: Attention
    public let ln2: LayerNorm
    public let mlp: MLP

    public init(dim: Int, heads: Int, hidden: Int, causal: Bool, rng: inout RNG) {
        ln1 = LayerNorm(dim)
        attn = Attention(dim: dim, heads: heads, causal: causal, rng: &rng)
        ln2 = LayerNorm(dim)
        mlp = MLP(dim: dim, hidden: hidden, rng: &rng)
    }

    /// x (B, T, D) → (B, T, D).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let h = x + attn(ln1(x))
        return h + mlp(ln2(h))
    }
}
