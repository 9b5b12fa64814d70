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
    private var _masks: [[Int]: Tensor] = [:]  // causal masks by [T, l]

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
        let (b, t, d) = (x.shape[0], x.shape[1], x.shape[2])
        let dh = d / heads
        var keys = k(x), values = v(x)          // (B, T, D)
        var l = 0
        if let prefix {
            let (pk, pv) = prefix.keysValues()  // (l, D)
            l = pk.shape[0]
            keys = Tensor.concat([pk.expanded(to: [b, l, d]), keys], axis: 1)      // (B, l+T, D)
            values = Tensor.concat([pv.expanded(to: [b, l, d]), values], axis: 1)
        }
        let s = l + t
        func split(_ y: Tensor, _ n: Int) -> Tensor {  // (B, n, D) → (B, H, n, Dh)
            y.reshaped([b, n, heads, dh]).permuted([0, 2, 1, 3])
        }
        let queries = split(q(x) * (1 / Float(dh).squareRoot()), t)
        var scores = queries.bmm(split(keys, s), transB: true)  // (B, H, T, S)
        if causal { scores = scores.maskedFill(causalMask(t, prefix: l), value: -.infinity) }
        let context = scores.softmax().bmm(split(values, s))     // (B, H, T, Dh)
        return o(context.permuted([0, 2, 1, 3]).reshaped([b, t, d]))
    }

    /// (T, l+T): 1 where query i may not see key j. Prefix slots (j < l) are always visible.
    private func causalMask(_ t: Int, prefix l: Int) -> Tensor {
        if let m = _masks[[t, l]] { return m }
        let m = Tensor.zeros([t, l + t])
        for i in 0..<t { for j in (l + i + 1)..<(l + t) { m.data[i * (l + t) + j] = 1 } }
        _masks[[t, l]] = m
        return m
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
