// Shape ops: reshape shares storage; permute, slice, concat and expand copy into a new contiguous
// tensor.

extension Tensor {
    /// The same values under another shape (one dimension may be −1). Shares storage.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let x = self
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            s[i] = known == 0 ? 0 : count / known
        }
        if s.reduce(1, *) != count {
            failShape(ShapeError(op: "reshape", shapes: [shape, newShape], reason: "element counts differ"))
        }
        let out = Tensor(storage: storage, shape: s)
        return out.recorded(from: [x]) { g, slots in slots[0]?.add(g) }
    }

    /// Reorders dimensions: output dimension i is input dimension perm[i].
    public func permuted(_ perm: [Int]) -> Tensor {
        let x = self
        guard perm.sorted() == Array(0..<rank) else {
            failShape(ShapeError(op: "permute", shapes: [shape, perm], reason: "not a permutation of the axes"))
        }
        let out = Tensor.empty(perm.map { shape[$0] })
        Tensor.permute(x.data, shape: shape, perm: perm, into: out.data, accumulate: false)
        var inverse = perm
        for (i, p) in perm.enumerated() { inverse[p] = i }
        let outShape = out.shape
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in Tensor.permute(g.data, shape: outShape, perm: inverse, into: dx, accumulate: acc)
            }
        }
    }

    /// Swaps two dimensions.
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        var perm = Array(0..<rank)
        let (i, j) = (
            normalize(axis: a, rank: rank, op: "transpose", shape: shape),
            normalize(axis: b, rank: rank, op: "transpose", shape: shape)
        )
        perm.swapAt(i, j)
        return permuted(perm)
    }

    /// Copies `src` (shape) into `dst` with dimensions reordered by `perm`.
    static func permute(
        _ src: UnsafePointer<Float>, shape: [Int], perm: [Int],
        into dst: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        let n = shape.count
        var inStrides = [Int](repeating: 1, count: n)
        for i in stride(from: n - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * shape[i + 1] }
        let outShape = perm.map { shape[$0] }
        let strides = perm.map { inStrides[$0] }  // input stride of each output dimension
        let total = shape.reduce(1, *)
        guard total > 0 else { return }
        let inner = outShape[n - 1], innerStride = strides[n - 1]
        let rows = total / inner
        parallelFor(rows, grain: max(1, 16_384 / inner)) { r in
            for row in r {
                var rem = row, off = 0
                for d in stride(from: n - 2, through: 0, by: -1) {
                    off += (rem % outShape[d]) * strides[d]
                    rem /= outShape[d]
                }
                let o = dst + row * inner
                if accumulate {
                    for j in 0..<inner { o[j] += src[off + j * innerStride] }
                } else {
                    for j in 0..<inner { o[j] = src[off + j * innerStride] }
                }
            }
        }
    }

    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let x = self
        let ax = normalize(axis: axis, rank: rank, op: "slice", shape: shape)
        guard range.lowerBound >= 0, range.upperBound <= shape[ax] else {
            failShape(
                ShapeError(
                    op: "slice", shapes: [shape], reason: "range \(range) outside axis \(ax) of size \(shape[ax])"))
        }
        let (outer, size, inner) = split(shape, axis: ax)
        var outShape = shape
        outShape[ax] = range.count
        let out = Tensor.empty(outShape)
        let width = range.count * inner
        for o in 0..<outer {
            (out.data + o * width).update(from: x.data + (o * size + range.lowerBound) * inner, count: width)
        }
        let n = count
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                if !acc { dx.initialize(repeating: 0, count: n) }
                for o in 0..<outer {
                    let d = dx + (o * size + range.lowerBound) * inner, s = g.data + o * width
                    for j in 0..<width { d[j] += s[j] }
                }
            }
        }
    }

    /// Joins tensors along `axis`; all other dimensions must match.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat: no tensors")
        let first = parts[0]
        let ax = normalize(axis: axis, rank: first.rank, op: "concat", shape: first.shape)
        for p in parts
        where p.rank != first.rank
            || p.shape.enumerated().contains(where: { $0.offset != ax && $0.element != first.shape[$0.offset] })
        {
            failShape(
                ShapeError(op: "concat", shapes: [first.shape, p.shape], reason: "dimensions other than \(ax) differ"))
        }
        let sizes = parts.map { $0.shape[ax] }
        let total = sizes.reduce(0, +)
        var outShape = first.shape
        outShape[ax] = total
        let (outer, _, inner) = split(outShape, axis: ax)
        let out = Tensor.empty(outShape)
        var start = 0
        for (p, size) in zip(parts, sizes) {
            let w = size * inner
            for o in 0..<outer {
                (out.data + (o * total + start) * inner).update(from: p.data + o * w, count: w)
            }
            start += size
        }
        return out.recorded(from: parts) { g, slots in
            var start = 0
            for (slot, size) in zip(slots, sizes) {
                let w = size * inner, s0 = start
                slot?.add { dp, acc in
                    for o in 0..<outer {
                        let src = g.data + (o * total + s0) * inner, dst = dp + o * w
                        for j in 0..<w { dst[j] = (acc ? dst[j] : 0) + src[j] }
                    }
                }
                start += size
            }
        }
    }
}

extension Tensor {
    /// Broadcasts to `shape` (NumPy rules); backward sums over the broadcast dimensions.
    public func expanded(to shape: [Int]) -> Tensor {
        let x = self
        let out = checked { () throws(ShapeError) in try Shapes.broadcast(x.shape, shape, op: "expand") }
        guard out == shape else {
            failShape(ShapeError(op: "expand", shapes: [x.shape, shape], reason: "cannot expand to a smaller shape"))
        }
        let result = Tensor.empty(shape)
        let zero = Tensor(scalar: 0)
        broadcastMap(BroadcastPlan([x.shape, []], out: shape), x.data, zero.data, result.data) { a, _ in a }
        let inShape = x.shape
        return result.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                reduceBroadcast(g.data, outShape: shape, into: dx, shape: inShape, accumulate: acc)
            }
        }
    }
}
