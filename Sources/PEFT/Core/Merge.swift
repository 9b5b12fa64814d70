// Folding a method into plain weights. A mergeable hook says what the layer's weight and bias
// become; `mergeHooks` writes them into the frozen tensors and removes the hooks, so the merged
// model runs with no extra cost. Merging twice finds no hooks and changes nothing.

import NN
import Tensor

/// A Linear hook that is equivalent to a plain Linear with other weights.
public protocol MergeableLinearHook: LinearHook {
    /// The effective weight (out, in).
    func mergedWeight(_ base: Linear) -> Tensor
    /// The effective bias (out), nil when the layer has none.
    func mergedBias(_ base: Linear) -> Tensor?
}

extension MergeableLinearHook {
    public func mergedBias(_ base: Linear) -> Tensor? { base.bias }
}

/// A LayerNorm hook equivalent to a LayerNorm with another gain and bias.
public protocol MergeableNormHook: NormHook {
    func mergedGainBias(_ base: LayerNorm) -> (gain: Tensor, bias: Tensor)
}

/// Folds every mergeable hook of `model` into its layer. Fails (changing nothing) if a hook that
/// cannot merge is attached.
func mergeHooks(_ model: Module, method: String) throws {
    let modules = model.namedModules().map(\.module)
    for m in modules {
        if let l = m as? Linear, let h = l.hook, !(h is any MergeableLinearHook) {
            throw MethodError.notMergeable(method)
        }
        if let n = m as? LayerNorm, let h = n.hook, !(h is any MergeableNormHook) {
            throw MethodError.notMergeable(method)
        }
    }
    withoutGrad {
        for m in modules {
            if let l = m as? Linear, let h = l.hook as? any MergeableLinearHook {
                let (w, b) = (h.mergedWeight(l), h.mergedBias(l))
                l.hook = nil
                if l.weight.shape == w.shape { l.weight.assign(w) } else { l.weight = w.copy() }  // quantized bases held no Float32 weight
                if let b { l.bias?.assign(b) }
            }
            if let n = m as? LayerNorm, let h = n.hook as? any MergeableNormHook {
                let (g, b) = h.mergedGainBias(n)
                n.hook = nil
                n.weight.assign(g)
                n.bias.assign(b)
            }
        }
    }
}

/// Hooks whose layer is W₀ + ΔW: the forward pass uses the dense sum, the merge adds ΔW.
public protocol DeltaWeightHook: MergeableLinearHook {
    /// ΔW (out, in), with its graph when the method's tensors require grad.
    func delta(_ base: Linear) -> Tensor
}

extension DeltaWeightHook {
    public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
        x.linear(weight: base.weight + delta(base), bias: base.bias)
    }
    public func mergedWeight(_ base: Linear) -> Tensor { base.weight + delta(base) }
}

/// The Kronecker product of a (p, q) and b (s, t): (p·s, q·t), entry [i·s + k, j·t + l] = a[i,j]·b[k,l].
func kron(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (p, q, s, t) = (a.shape[0], a.shape[1], b.shape[0], b.shape[1])
    return (a.reshaped([p, 1, q, 1]) * b.reshaped([1, s, 1, t])).reshaped([p * s, q * t])
}

/// The entries where each tensor differs from its base, over the tensors in order:
/// `delta.indices` (flat positions as Float32, exact below 2²⁴) and `delta.values`. A model with
/// more entries than that (minilm: 22.6M) also stores `delta.indices_high`, the positions' bits
/// above 24, so position = indices + 2²⁴ · indices_high.
func sparseDelta(_ pairs: [(tensor: Tensor, base: [Float])]) -> [String: Tensor] {
    var low: [Float] = [], high: [Float] = [], values: [Float] = []
    var offset = 0
    for (t, base) in pairs {
        for e in 0..<t.count where t.data[e] != base[e] {
            let position = offset + e
            low.append(Float(position & 0xFF_FFFF))
            high.append(Float(position >> 24))
            values.append(t.data[e] - base[e])
        }
        offset += t.count
    }
    var out = ["delta.indices": Tensor(low, shape: [low.count]), "delta.values": Tensor(values, shape: [values.count])]
    if offset > 1 << 24 { out["delta.indices_high"] = Tensor(high, shape: [high.count]) }
    return out
}
