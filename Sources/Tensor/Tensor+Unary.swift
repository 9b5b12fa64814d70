// Element-wise functions. Each gives its forward on 8 lanes and its derivative in terms of the
// incoming gradient g and either the input x or the output y (whichever it reads; only that one is
// kept for backward), so one loop serves them all.

import Foundation

extension Tensor {
    /// Which value a derivative is written in.
    enum Reads { case input, output }

    /// y = f(x) element-wise; backward adds d(g, v) into x's gradient, v being x or y per `reads`.
    @inline(__always)
    func unary(_ f: @escaping (Float8) -> Float8, reads: Reads,
               derivative d: @escaping (_ g: Float8, _ v: Float8) -> Float8) -> Tensor {
        let out = Tensor.empty(shape)
        let (px, py) = (data, out.data)
        parallelFor(count, grain: 16_384) { r in
            forEach8(r) { i, n in store(f(load(px, i, n)), py, i, n) }
        }
        let kept = reads == .input ? storage : out.storage
        return out.recorded(from: [self]) { g, slots in
            slots[0]?.add { dx, acc in
                let (pg, pv) = (g.data, kept.pointer)
                parallelFor(kept.count, grain: 16_384) { r in
                    forEach8(r) { i, n in
                        let v = d(load(pg, i, n), load(pv, i, n))
                        store(acc ? load(dx, i, n) + v : v, dx, i, n)
                    }
                }
            }
        }
    }

    /// Applies a scalar function lane by lane (for functions without a vector form).
    @inline(__always) static func lanes(_ v: Float8, _ f: (Float) -> Float) -> Float8 {
        var r = Float8()
        for l in 0..<8 { r[l] = f(v[l]) }
        return r
    }

    public func exp() -> Tensor { unary(fastExp, reads: .output) { g, y in g * y } }
    public func log() -> Tensor { unary({ Tensor.lanes($0, Foundation.log) }, reads: .input) { g, x in g / x } }
    public func sqrt() -> Tensor { unary({ $0.squareRoot() }, reads: .output) { g, y in g * 0.5 / y } }
    public func square() -> Tensor { unary({ $0 * $0 }, reads: .input) { g, x in 2 * g * x } }
    public func tanh() -> Tensor { unary({ Tensor.lanes($0, Foundation.tanh) }, reads: .output) { g, y in g * (1 - y * y) } }
    public func sigmoid() -> Tensor { unary({ 1 / (1 + fastExp(-$0)) }, reads: .output) { g, y in g * y * (1 - y) } }
    public func relu() -> Tensor {
        unary({ $0.replacing(with: 0, where: $0 .< 0) }, reads: .output) { g, y in g.replacing(with: 0, where: y .<= 0) }
    }
    /// x·σ(x) (swish).
    public func silu() -> Tensor {
        unary({ $0 / (1 + fastExp(-$0)) }, reads: .input) { g, x in
            let s = 1 / (1 + fastExp(-x))
            return g * s * (1 + x * (1 - s))
        }
    }
    /// GELU with the exact erf form: x·Φ(x) = ½x(1 + erf(x/√2)); derivative Φ(x) + x·φ(x).
    public func gelu() -> Tensor {
        unary({ 0.5 * $0 * (1 + fastErf($0 * 0.707_106_781_186_547_6)) }, reads: .input) { g, x in
            let cdf = 0.5 * (1 + fastErf(x * 0.707_106_781_186_547_6))
            let pdf = 0.398_942_280_401_432_7 * fastExp(-0.5 * x * x)
            return g * (cdf + x * pdf)
        }
    }
    /// x^p element-wise (x > 0 for non-integer p).
    public func pow(_ p: Float) -> Tensor {
        unary({ Tensor.lanes($0) { Foundation.pow($0, p) } }, reads: .input) { g, x in
            g * p * Tensor.lanes(x) { Foundation.pow($0, p - 1) }
        }
    }
    /// |x|; the derivative at 0 is taken as 0.
    public func abs() -> Tensor {
        unary({ $0.replacing(with: -$0, where: $0 .< 0) }, reads: .input) { g, x in
            var s = Float8(repeating: 0)
            s.replace(with: 1, where: x .> 0)
            s.replace(with: -1, where: x .< 0)
            return g * s
        }
    }
}
