// Row-wise fused ops over the last axis: softmax, log-softmax and layer norm, each with a
// hand-written backward (one pass instead of the half-dozen of their op-by-op forms, which the
// tests use as the reference). Plus seeded dropout.

import Foundation

extension Tensor {
    private var rowsAndWidth: (rows: Int, width: Int) {
        let w = shape.last ?? 1
        return (count / max(w, 1), w)
    }

    /// Writes exp(x − max) into `y` for one row and returns the sum and the max.
    @inline(__always)
    static func expRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ w: Int) -> (
        sum: Float, max: Float
    ) {
        var mx = rowMax(x, w)
        if mx == -.infinity { mx = 0 }  // an all-masked row: exp gives zeros, not NaN
        return (expShifted(x, y, w, shift: mx), mx)
    }

    /// A row-wise op over the last axis whose backward reads only its output: `forward(x, y, w)`
    /// fills output row y from input row x; `backward(g, y, dx, w, accumulate)` writes (or adds) dx.
    private func rowwise(
        _ forward: @escaping (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
        backward:
            @escaping (
                UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                UnsafeMutablePointer<Float>, Int, Bool
            ) -> Void
    ) -> Tensor {
        let (rows, w) = rowsAndWidth
        let out = Tensor.empty(shape)
        let (px, py) = (data, out.data)
        parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
            for i in r { forward(px + i * w, py + i * w, w) }
        }
        let kept = out.storage
        return out.recorded(from: [self]) { g, slots in
            slots[0]?.add { dx, acc in
                let (pg, py) = (g.data, kept.pointer)
                parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
                    for i in r { backward(pg + i * w, py + i * w, dx + i * w, w, acc) }
                }
            }
        }
    }

    /// Softmax over the last axis. Backward: dx = y ⊙ (g − Σ g⊙y).
    public func softmax() -> Tensor {
        rowwise(
            { x, y, w in Tensor.softmaxRow(x, y, count: w, visible: w) },
            backward: { g, y, d, w, acc in Tensor.softmaxBackwardRow(g, y, d, w, accumulate: acc) })
    }

    /// y[0..<visible] = softmax(x[0..<visible]) and y[visible..<count] = 0. A row with no finite
    /// entry (fully masked) gives zeros, not NaN. `x` and `y` may be the same row.
    @inline(__always)
    static func softmaxRow(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, visible: Int)
    {
        let s = expRow(x, y, visible).sum
        let inv = s > 0 ? 1 / s : 0
        var j = 0
        while j + 8 <= visible { store8(load8(y, j) * inv, y, j); j += 8 }
        while j < visible { y[j] *= inv; j += 1 }
        for j in visible..<count { y[j] = 0 }
    }

    /// dx = y ⊙ (g − Σ g⊙y) for one row (writes, or adds when `accumulate`); `d` may alias `g`.
    @inline(__always)
    static func softmaxBackwardRow(
        _ g: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        _ d: UnsafeMutablePointer<Float>, _ w: Int, accumulate: Bool
    ) {
        let dot = rowDot(g, y, w)
        var j = 0
        while j + 8 <= w {
            let v = load8(y, j) * (load8(g, j) - dot)
            store8(accumulate ? load8(d, j) + v : v, d, j)
            j += 8
        }
        while j < w { d[j] = (accumulate ? d[j] : 0) + y[j] * (g[j] - dot); j += 1 }
    }

    /// log softmax over the last axis. Backward: dx = g − softmax(x)·Σ g.
    public func logSoftmax() -> Tensor {
        rowwise(
            { x, y, w in
                let (s, mx) = Tensor.expRow(x, y, w)
                let lse = mx + Foundation.log(s)
                for j in 0..<w { y[j] = x[j] - lse }
            },
            backward: { g, y, d, w, acc in
                var total: Float = 0
                for j in 0..<w { total += g[j] }
                var j = 0
                while j < w {
                    let n = Swift.min(8, w - j)
                    let v = load(g, j, n) - fastExp(load(y, j, n)) * total
                    store(acc ? load(d, j, n) + v : v, d, j, n)
                    j += n
                }
            })
    }

    /// The slow reference of `layerNorm` (the tests hold the fused path to it, in values and
    /// gradients): op by op over the last axis, (x − mean) / √(var + eps) · γ + β.
    public func layerNormReference(gamma: Tensor, beta: Tensor, eps: Float = 1e-5) -> Tensor {
        let axis = rank - 1
        let d = self - mean(axis: axis, keepDims: true)
        return d / (d.square().mean(axis: axis, keepDims: true) + eps).sqrt() * gamma + beta
    }

    /// Layer norm over the last axis: (x − μ)/√(σ² + eps) · gamma + beta, gamma and beta (D).
    /// Backward with x̂ = (x − μ)·rstd:  dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)),  ĝ = g⊙gamma.
    public func layerNorm(gamma: Tensor, beta: Tensor, eps: Float = 1e-5) -> Tensor {
        let x = self
        let (rows, w) = rowsAndWidth
        guard gamma.shape == [w], beta.shape == [w] else {
            failShape(
                ShapeError(
                    op: "layerNorm", shapes: [shape, gamma.shape, beta.shape], reason: "gamma and beta must be (\(w))"))
        }
        let out = Tensor.empty(shape)
        let keptMean = Storage(uninitialized: rows), keptRstd = Storage(uninitialized: rows)  // (N) each
        let (px, py, pga, pbe) = (x.data, out.data, gamma.data, beta.data)
        let (mu, rs) = (SendablePointer(keptMean.pointer), SendablePointer(keptRstd.pointer))
        parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
            for i in r {
                let xi = px + i * w, yi = py + i * w
                let m = rowSum(xi, w) / Float(w)
                var v8 = Float8(), v: Float = 0
                var j = 0
                while j + 8 <= w { let d = load8(xi, j) - m; v8 = v8.addingProduct(d, d); j += 8 }
                while j < w { let d = xi[j] - m; v += d * d; j += 1 }
                let inv = 1 / ((v8.sum() + v) / Float(w) + eps).squareRoot()
                j = 0
                while j + 8 <= w {
                    store8(load8(pbe, j).addingProduct((load8(xi, j) - m) * inv, load8(pga, j)), yi, j); j += 8
                }
                while j < w { yi[j] = (xi[j] - m) * inv * pga[j] + pbe[j]; j += 1 }
                mu.p[i] = m; rs.p[i] = inv
            }
        }
        let (keptX, keptGamma) = (x.storage, gamma.storage)
        return out.recorded(from: [x, gamma, beta]) { g, slots in
            let (pg, px, pga) = (g.data, keptX.pointer, keptGamma.pointer)
            if slots[1] != nil || slots[2] != nil {
                // Column sums over rows; columns split across threads, each summed in row order,
                // eight columns at a time in registers.
                let dgamma = Tensor.zeros([w]), dbeta = Tensor.zeros([w])
                let (dg, dbt) = (dgamma.sendable, dbeta.sendable)
                let (mu, rs) = (SendablePointer(keptMean.pointer), SendablePointer(keptRstd.pointer))
                parallelFor((w + 7) / 8, grain: Swift.max(1, 2_048 / Swift.max(rows, 1))) { blocks in
                    for block in blocks {
                        let (j, lanes) = (block * 8, Swift.min(8, w - block * 8))
                        var (sgx, sg) = (Float8(), Float8())
                        for i in 0..<rows {
                            let gi = load(pg + i * w, j, lanes)
                            sgx = sgx.addingProduct(gi, (load(px + i * w, j, lanes) - mu.p[i]) * rs.p[i])
                            sg += gi
                        }
                        store(sgx, dg.p, j, lanes)
                        store(sg, dbt.p, j, lanes)
                    }
                }
                slots[1]?.add(owning: dgamma)
                slots[2]?.add(owning: dbeta)
            }
            slots[0]?.add { dx, acc in
                let (mu, rs) = (SendablePointer(keptMean.pointer), SendablePointer(keptRstd.pointer))
                parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
                    for i in r {
                        let (xi, gi, di, m, inv) = (px + i * w, pg + i * w, dx + i * w, mu.p[i], rs.p[i])
                        // Eight lanes at a time; `lanes` < 8 only in the last vector of a row
                        // whose width is not a multiple of 8, and its unused lanes load as 0.
                        var (sg, sgx) = (Float8(), Float8())
                        var j = 0
                        while j < w {
                            let lanes = Swift.min(8, w - j)
                            let gh = load(gi, j, lanes) * load(pga, j, lanes)
                            sg += gh
                            sgx = sgx.addingProduct(gh, (load(xi, j, lanes) - m) * inv)
                            j += 8
                        }
                        let (mg, mgx) = (sg.sum() / Float(w), sgx.sum() / Float(w))
                        j = 0
                        while j < w {
                            let lanes = Swift.min(8, w - j)
                            let xh = (load(xi, j, lanes) - m) * inv
                            let v = inv * (load(gi, j, lanes) * load(pga, j, lanes) - mg - xh * mgx)
                            store(acc ? load(di, j, lanes) + v : v, di, j, lanes)
                            j += 8
                        }
                    }
                }
            }
        }
    }

    /// Inverted dropout: zeroes each entry with probability p and scales survivors by 1/(1 − p).
    /// The mask comes from `rng`, so a seeded run drops the same entries every time.
    public func dropout(_ p: Float, rng: inout RNG) -> Tensor {
        guard p > 0 else { return self }
        let x = self
        let keep = 1 / (1 - p)
        let mask = Tensor.empty(shape)
        for i in 0..<count { mask.data[i] = rng.uniform() < p ? 0 : keep }
        return x * mask
    }
}
