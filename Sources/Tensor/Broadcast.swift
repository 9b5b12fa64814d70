// Broadcast iteration: an op over shapes a and b visits the output as rows of its innermost
// (merged) dimension, with each operand's stride either 1 or 0 (broadcast) inside a row. Adjacent
// dimensions that are contiguous for every operand are merged first, so bias-style broadcasts
// (N, D) + (D) become N rows of length D, and equal shapes become one long row.

struct BroadcastPlan {
    let outShape: [Int]
    let outerShape: [Int]  // merged dimensions except the innermost
    let outerStrides: [[Int]]  // per operand, element strides of the outer dims (0 = broadcast)
    let rowLength: Int
    let rowStrides: [Int]  // per operand, 0 or 1
    var rows: Int { outerShape.reduce(1, *) }

    /// A plan for operands of `shapes` broadcast to `out`.
    init(_ shapes: [[Int]], out: [Int]) {
        outShape = out
        let n = out.count
        // Element strides of each operand in output coordinates (0 where it broadcasts).
        var strides: [[Int]] = shapes.map { s in
            var st = [Int](repeating: 0, count: n)
            var acc = 1
            for i in stride(from: n - 1, through: 0, by: -1) {
                let j = i - (n - s.count)
                if j >= 0 && s[j] != 1 { st[i] = acc }
                if j >= 0 { acc *= s[j] }
            }
            return st
        }
        var dims = out
        // Merge dim i into i+1 when contiguous for all operands.
        var i = dims.count - 2
        while i >= 0 {
            if strides.allSatisfy({ $0[i] == $0[i + 1] * dims[i + 1] }) {
                dims[i + 1] *= dims[i]
                dims.remove(at: i)
                for o in strides.indices { strides[o].remove(at: i) }
            }
            i -= 1
        }
        if dims.isEmpty { dims = [1]; strides = strides.map { _ in [0] } }
        rowLength = dims.last!
        outerShape = Array(dims.dropLast())
        rowStrides = strides.map { $0.last! }
        outerStrides = strides.map { Array($0.dropLast()) }
    }

    /// Offset of `row` in operand `o`.
    @inline(__always) func offset(row: Int, operand o: Int) -> Int {
        var r = row, off = 0
        let st = outerStrides[o]
        for d in stride(from: outerShape.count - 1, through: 0, by: -1) {
            let extent = outerShape[d]
            off += (r % extent) * st[d]
            r /= extent
        }
        return off
    }
}

/// out[i] = f(a[i], b[i]) with broadcasting, rows in parallel when large.
@inline(__always)
func broadcastMap(
    _ plan: BroadcastPlan, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ out: UnsafeMutablePointer<Float>, _ f: (Float, Float) -> Float
) {
    let (len, sa, sb) = (plan.rowLength, plan.rowStrides[0], plan.rowStrides[1])
    if plan.rows == 1 {
        parallelFor(len) { r in
            for j in r { out[j] = f(a[j * sa], b[j * sb]) }
        }
        return
    }
    parallelFor(plan.rows, grain: max(1, 32_768 / max(len, 1))) { rows in
        for row in rows {
            let (ia, ib, io) = (plan.offset(row: row, operand: 0), plan.offset(row: row, operand: 1), row * len)
            for j in 0..<len { out[io + j] = f(a[ia + j * sa], b[ib + j * sb]) }
        }
    }
}

/// Adds `scale`·`g` (the output shape) into `target` (a shape that broadcasts to it), summing over the
/// broadcast dimensions in a fixed order (row by row), whatever the thread count.
func reduceBroadcast(
    _ g: UnsafePointer<Float>, outShape: [Int], into target: UnsafeMutablePointer<Float>,
    shape: [Int], scale: Float = 1, accumulate: Bool
) {
    let count = shape.reduce(1, *)
    if !accumulate { target.initialize(repeating: 0, count: count) }
    if shape.reduce(1, *) == outShape.reduce(1, *) {
        parallelFor(count) { r in for i in r { target[i] += scale * g[i] } }
        return
    }
    let plan = BroadcastPlan([outShape, shape], out: outShape)
    let (len, st) = (plan.rowLength, plan.rowStrides[1])
    if st == 1 && plan.outerStrides[1].allSatisfy({ $0 == 0 }) {
        // Bias-style: sum the rows of (rows, len) into (len); columns are split across threads and
        // each column is summed in row order, so the result does not depend on the thread count.
        // Eight columns at a time are summed in a register, so g is read once and the target
        // written once.
        let vectors = len / 8
        parallelFor(vectors, grain: Swift.max(1, 4_096 / Swift.max(plan.rows, 1))) { blocks in
            for block in blocks {
                var sum = Float8()
                for row in 0..<plan.rows { sum += load8(g, row * len + block * 8) }
                store8(load8(target, block * 8).addingProduct(scale, sum), target, block * 8)
            }
        }
        for j in (vectors * 8)..<len {
            var sum: Float = 0
            for row in 0..<plan.rows { sum += g[row * len + j] }
            target[j] += scale * sum
        }
        return
    }
    for row in 0..<plan.rows {
        let it = plan.offset(row: row, operand: 1), io = row * len
        if st == 0 {
            var s: Float = 0
            for j in 0..<len { s += g[io + j] }
            target[it] += scale * s
        } else {
            for j in 0..<len { target[it + j] += scale * g[io + j] }
        }
    }
}
