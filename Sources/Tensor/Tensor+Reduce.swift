// Reductions over one axis (sum, mean, amax) and over everything. An axis splits the data into
// (outer, size, inner) and each op is a loop over that view; several axes reduce one after another.

extension Tensor {
    private func reducedShape(_ axis: Int, keepDims: Bool) -> [Int] {
        var s = shape
        if keepDims { s[axis] = 1 } else { s.remove(at: axis) }
        return s
    }

    /// Sum over `axis`.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let x = self
        let ax = normalize(axis: axis, rank: rank, op: "sum", shape: shape)
        let (outer, size, inner) = split(shape, axis: ax)
        let out = Tensor.zeros(reducedShape(ax, keepDims: keepDims))
        let (px, po) = (x.data, out.data)
        parallelFor(outer, grain: max(1, 32_768 / max(size * inner, 1))) { r in
            for o in r {
                for s in 0..<size {
                    let src = px + (o * size + s) * inner, dst = po + o * inner
                    for i in 0..<inner { dst[i] += src[i] }
                }
            }
        }
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                let pg = g.data
                parallelFor(outer, grain: max(1, 32_768 / max(size * inner, 1))) { r in
                    for o in r {
                        for s in 0..<size {
                            let dst = dx + (o * size + s) * inner, src = pg + o * inner
                            for i in 0..<inner { dst[i] = (acc ? dst[i] : 0) + src[i] }
                        }
                    }
                }
            }
        }
    }

    /// Sum over several axes.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let sorted = axes.map { normalize(axis: $0, rank: rank, op: "sum", shape: shape) }.sorted(by: >)
        return sorted.reduce(self) { t, a in t.sum(axis: a, keepDims: keepDims) }
    }

    /// Mean over `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = normalize(axis: axis, rank: rank, op: "mean", shape: shape)
        return sum(axis: ax, keepDims: keepDims) * (1 / Float(shape[ax]))
    }

    /// Sum of all elements (shape []), accumulated in Double for a stable total.
    public func sum() -> Tensor {
        let x = self
        var s = 0.0
        for i in 0..<count { s += Double(data[i]) }
        let out = Tensor(scalar: Float(s))
        let n = count
        return out.recorded(from: [x]) { g, slots in
            let v = g.data[0]
            slots[0]?.add { dx, acc in for i in 0..<n { dx[i] = (acc ? dx[i] : 0) + v } }
        }
    }

    /// Mean of all elements (shape []).
    public func mean() -> Tensor { sum() * (1 / Float(max(count, 1))) }

    /// Maximum over `axis` (amax); the gradient goes to the first maximal element.
    public func amax(axis: Int, keepDims: Bool = false) -> Tensor {
        let x = self
        let ax = normalize(axis: axis, rank: rank, op: "amax", shape: shape)
        let (outer, size, inner) = split(shape, axis: ax)
        let out = Tensor.empty(reducedShape(ax, keepDims: keepDims))
        var argmax = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = -Float.infinity, at = 0
                for s in 0..<size where x.data[(o * size + s) * inner + i] > best || s == 0 {
                    best = x.data[(o * size + s) * inner + i]; at = s
                }
                out.data[o * inner + i] = best
                argmax[o * inner + i] = at
            }
        }
        let n = count
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                if !acc { dx.initialize(repeating: 0, count: n) }
                for o in 0..<outer {
                    for i in 0..<inner { dx[(o * size + argmax[o * inner + i]) * inner + i] += g.data[o * inner + i] }
                }
            }
        }
    }
}
