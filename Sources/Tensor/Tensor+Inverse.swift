// Inverses of small square matrices, batched: (…, n, n) → (…, n, n), for the Cayley transform
// of orthogonal fine-tuning (blocks of 8 or so; Gauss-Jordan with partial pivoting in Double).
// Backward: Y = A⁻¹, dA = −Yᵀ·dY·Yᵀ.

extension Tensor {
    public func inverse() -> Tensor {
        precondition(rank >= 2 && shape[rank - 1] == shape[rank - 2], "inverse: needs square matrices, got \(shape)")
        let n = shape[rank - 1], batch = count / max(n * n, 1)
        let out = Tensor.empty(shape)
        let (src, dst) = (data, out.data)
        parallelFor(batch) { range in
            var m = [Double](repeating: 0, count: n * 2 * n)
            for g in range {
                let base = g * n * n
                for i in 0..<n {
                    for j in 0..<n { m[i * 2 * n + j] = Double(src[base + i * n + j]) }
                    for j in 0..<n { m[i * 2 * n + n + j] = i == j ? 1 : 0 }
                }
                for c in 0..<n {
                    let p = (c..<n).max { Swift.abs(m[$0 * 2 * n + c]) < Swift.abs(m[$1 * 2 * n + c]) }!
                    precondition(m[p * 2 * n + c] != 0, "inverse: singular matrix")
                    if p != c { for j in 0..<(2 * n) { m.swapAt(p * 2 * n + j, c * 2 * n + j) } }
                    let pivot = m[c * 2 * n + c]
                    for j in 0..<(2 * n) { m[c * 2 * n + j] /= pivot }
                    for r in 0..<n where r != c {
                        let f = m[r * 2 * n + c]
                        if f != 0 { for j in 0..<(2 * n) { m[r * 2 * n + j] -= f * m[c * 2 * n + j] } }
                    }
                }
                for i in 0..<n { for j in 0..<n { dst[base + i * n + j] = Float(m[i * 2 * n + n + j]) } }
            }
        }
        let y = out.storage
        return out.recorded(from: [self]) { g, slots in
            slots[0]?.add { acc, accumulate in
                let (gy, yv) = (g.data, y.pointer)
                parallelFor(batch) { range in
                    var t = [Float](repeating: 0, count: n * n)
                    for b in range {
                        let o = b * n * n
                        // t = Yᵀ·dY, then dA = −t·Yᵀ.
                        for i in 0..<n {
                            for j in 0..<n {
                                var s: Float = 0
                                for k in 0..<n { s += yv[o + k * n + i] * gy[o + k * n + j] }
                                t[i * n + j] = s
                            }
                        }
                        for i in 0..<n {
                            for j in 0..<n {
                                var s: Float = 0
                                for k in 0..<n { s += t[i * n + k] * yv[o + j * n + k] }
                                if accumulate { acc[o + i * n + j] -= s } else { acc[o + i * n + j] = -s }
                            }
                        }
                    }
                }
            }
        }
    }
}
