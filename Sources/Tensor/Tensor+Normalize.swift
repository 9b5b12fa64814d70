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
    private static func expRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ w: Int) -> (sum: Float, max: Float) {
        var mx = -Float.infinity
        for j in 0..<w { mx = Swift.max(mx, x[j]) }
        if mx == -.infinity { mx = 0 }  // an all-masked row: exp gives zeros, not NaN
        return (expShifted(x, y, w, shift: mx), mx)
    }

    /// Softmax over the last axis. Backward: dx = y ⊙ (g − Σ g⊙y).
    public func softmax() -> Tensor {
        let x = self
        let (rows, w) = rowsAndWidth
        let out = Tensor.empty(shape)
        let (px, py) = (x.data, out.data)
        parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
            for i in r {
                let y = py + i * w
                let s = Tensor.expRow(px + i * w, y, w).sum
                let inv = s > 0 ? 1 / s : 0  // a fully masked row stays all zeros
                for j in 0..<w { y[j] *= inv }
            }
        }
        let kept = out.storage
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                let (pg, py) = (g.data, kept.pointer)
                parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
                    for i in r {
                        let (y, gi, d) = (py + i * w, pg + i * w, dx + i * w)
                        var dot: Float = 0
                        for j in 0..<w { dot += gi[j] * y[j] }
                        for j in 0..<w { d[j] = (acc ? d[j] : 0) + y[j] * (gi[j] - dot) }
                    }
                }
            }
        }
    }

    /// log softmax over the last axis. Backward: dx = g − softmax(x)·Σ g.
    public func logSoftmax() -> Tensor {
        let x = self
        let (rows, w) = rowsAndWidth
        let out = Tensor.empty(shape)
        let (px, py) = (x.data, out.data)
        parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
            for i in r {
                let (s, mx) = Tensor.expRow(px + i * w, py + i * w, w)
                let lse = mx + Foundation.log(s)
                for j in 0..<w { py[i * w + j] = px[i * w + j] - lse }
            }
        }
        let kept = out.storage
        return out.recorded(from: [x]) { g, slots in
            slots[0]?.add { dx, acc in
                let (pg, py) = (g.data, kept.pointer)
                parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
                    for i in r {
                        let (y, gi, d) = (py + i * w, pg + i * w, dx + i * w)
                        var total: Float = 0
                        for j in 0..<w { total += gi[j] }
                        forEach8(0..<w) { j, n in
                            let v = load(gi, j, n) - fastExp(load(y, j, n)) * total
                            store(acc ? load(d, j, n) + v : v, d, j, n)
                        }
                    }
                }
            }
        }
    }

    /// Layer norm over the last axis: (x − μ)/√(σ² + eps) · gamma + beta, gamma and beta (D).
    /// Backward with x̂ = (x − μ)·rstd:  dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)),  ĝ = g⊙gamma.
    public func layerNorm(gamma: Tensor, beta: Tensor, eps: Float = 1e-5) -> Tensor {
        let x = self
        let (rows, w) = rowsAndWidth
        guard gamma.shape == [w], beta.shape == [w] else {
            failShape(ShapeError(op: "layerNorm", shapes: [shape, gamma.shape, beta.shape], reason: "gamma and beta must be (\(w))"))
        }
        let out = Tensor.empty(shape)
        let keptMean = Storage(uninitialized: rows), keptRstd = Storage(uninitialized: rows)  // (N) each
        let (px, py, pga, pbe) = (x.data, out.data, gamma.data, beta.data)
        let (mu, rs) = (SendablePointer(keptMean.pointer), SendablePointer(keptRstd.pointer))
        parallelFor(rows, grain: Swift.max(1, 8_192 / w)) { r in
            for i in r {
                let xi = px + i * w, yi = py + i * w
                var s: Float = 0
                for j in 0..<w { s += xi[j] }
                let m = s / Float(w)
                var v: Float = 0
                for j in 0..<w { let d = xi[j] - m; v += d * d }
                let inv = 1 / (v / Float(w) + eps).squareRoot()
                for j in 0..<w { yi[j] = (xi[j] - m) * inv * pga[j] + pbe[j] }
                mu.p[i] = m; rs.p[i] = inv
            }
        }
        let (keptX, keptGamma) = (x.storage, gamma.storage)
        return out.recorded(from: [x, gamma, beta]) { g, slots in
            let (pg, px, pga) = (g.data, keptX.pointer, keptGamma.pointer)
            if slots[1] != nil || slots[2] != nil {
                // Column sums over rows; columns split across threads, each summed in row order.
                let dgamma = Tensor.zeros([w]), dbeta = Tensor.zeros([w])
                let (dg, dbt) = (dgamma.sendable, dbeta.sendable)
                let (mu, rs) = (SendablePointer(keptMean.pointer), SendablePointer(keptRstd.pointer))
                parallelFor(w, grain: Swift.max(8, 16_384 / Swift.max(rows, 1))) { cols in
                    for i in 0..<rows {
                        let (xi, gi, m, inv) = (px + i * w, pg + i * w, mu.p[i], rs.p[i])
                        for j in cols {
                            dg.p[j] += gi[j] * (xi[j] - m) * inv
                            dbt.p[j] += gi[j]
                        }
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
                        var sg: Float = 0, sgx: Float = 0
                        for j in 0..<w {
                            let gh = gi[j] * pga[j]
                            sg += gh
                            sgx += gh * (xi[j] - m) * inv
                        }
                        let (mg, mgx) = (sg / Float(w), sgx / Float(w))
                        for j in 0..<w {
                            let v = inv * (gi[j] * pga[j] - mg - (xi[j] - m) * inv * mgx)
                            di[j] = acc ? di[j] + v : v
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
