// Gathering by index (embedding lookup, index select) and masking.

extension Tensor {
    /// Entries `indices` along `axis`: the output's `axis` has `indices.count` entries. Backward
    /// scatters-adds, so a repeated index accumulates.
    public func indexSelect(axis: Int, _ indices: [Int]) -> Tensor {
        let x = self
        let ax = normalize(axis: axis, rank: rank, op: "indexSelect", shape: shape)
        let (outer, size, inner) = split(shape, axis: ax)
        if let bad = indices.first(where: { $0 < 0 || $0 >= size }) {
            failShape(
                ShapeError(
                    op: "indexSelect", shapes: [shape], reason: "index \(bad) outside axis \(ax) of size \(size)"))
        }
        var outShape = shape
        outShape[ax] = indices.count
        let out = Tensor.empty(outShape)
        let n = indices.count
        parallelFor(outer * n, grain: max(1, 16_384 / max(inner, 1))) { r in
            for on in r {
                let (o, j) = on.quotientAndRemainder(dividingBy: n)
                (out.data + on * inner).update(from: x.data + (o * size + indices[j]) * inner, count: inner)
            }
        }
        let total = count
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                if !acc { dx.initialize(repeating: 0, count: total) }
                for o in 0..<outer {
                    for (j, idx) in indices.enumerated() {
                        let d = dx + (o * size + idx) * inner, s = g.data + (o * n + j) * inner
                        for i in 0..<inner { d[i] += s[i] }
                    }
                }
            }
        }
    }

    /// Embedding lookup: rows of a (V, D) table for `ids` laid out in `shape` → (shape…, D).
    public func embedding(_ ids: [Int], shape idShape: [Int]) -> Tensor {
        precondition(rank == 2, "embedding: table must be (V, D), got \(shape)")
        return indexSelect(axis: 0, ids).reshaped(idShape + [shape[1]])
    }

    /// Replaces entries where `mask` is non-zero by `value`. `mask`'s shape is a suffix of ours
    /// (broadcast over the leading dimensions), e.g. a (T, S) causal mask on (B, H, T, S) scores.
    public func maskedFill(_ mask: Tensor, value: Float) -> Tensor {
        let x = self
        guard mask.rank <= rank, Array(shape.suffix(mask.rank)) == mask.shape else {
            failShape(
                ShapeError(
                    op: "maskedFill", shapes: [shape, mask.shape], reason: "mask must be a suffix of the input shape"))
        }
        let (m, total) = (mask.count, count)
        let out = Tensor.empty(shape)
        let (px, pm, po) = (x.data, mask.data, out.data)
        parallelFor(total / m, grain: Swift.max(1, 32_768 / m)) { r in  // one mask-sized block at a time
            for o in r { for j in 0..<m { po[o * m + j] = pm[j] != 0 ? value : px[o * m + j] } }
        }
        let keptMask = mask.storage
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                let (pg, pm) = (g.data, keptMask.pointer)
                parallelFor(total / m, grain: Swift.max(1, 32_768 / m)) { r in
                    for o in r {
                        for j in 0..<m {
                            let v = pm[j] != 0 ? 0 : pg[o * m + j]
                            dx[o * m + j] = acc ? dx[o * m + j] + v : v
                        }
                    }
                }
            }
        }
    }
}
