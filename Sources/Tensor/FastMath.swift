// Vectorised exp and erf on 8 floats at a time. exp, softmax and GELU run over every activation,
// and libm's scalar expf/erff would cost more than the matmuls on our small models.
//   exp: Cephes expf (range reduction by ln 2, degree-6 polynomial), ≤ 2 ulp on [-87, 88].
//   erf: a rational function of x² (no exp, one division), absolute error ≤ 3e-7 in float.
// Tests compare both with Foundation's exp and erf over a dense grid.

public typealias Float8 = SIMD8<Float>

/// exp(x) lane-wise; 0 below −87.34, +inf above 88.38, NaN stays NaN.
/// `@_transparent` rather than `@inline(__always)`: the optimiser treats the latter as a hint and
/// left these as calls inside the backward loops (measured: half of GELU's backward time).
@_transparent
public func fastExp(_ x: Float8) -> Float8 {
    let lo: Float = -87.336_54, hi: Float = 88.376_26
    // Clamp with compare-and-select: SIMD's `clamped` is not inlined and costs a call per vector.
    let xc = x.replacing(with: lo, where: x .< lo).replacing(with: hi, where: x .> hi)
    // n = round(x / ln 2) via the 1.5·2²³ trick: the sum's low mantissa bits hold n.
    let shifter: Float = 12_582_912
    let t = muladd(xc, 1.442_695_040_888_963_4, shifter)
    let fx = t - shifter
    let n = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let r = xc.addingProduct(fx, -0.693_359_375).addingProduct(fx, 2.121_944_4e-4)
    var p = Float8(repeating: 1.987_569_15e-4)
    p = muladd(p, r, 1.398_199_950_7e-3)
    p = muladd(p, r, 8.333_451_907_3e-3)
    p = muladd(p, r, 4.166_579_589_4e-2)
    p = muladd(p, r, 1.666_666_545_9e-1)
    p = muladd(p, r, 5.000_000_120_1e-1)
    p = (r + 1).addingProduct(p, r * r)
    let scale = unsafeBitCast((n &+ 127) &<< 23, to: Float8.self)
    var y = p * scale
    y.replace(with: 0, where: x .< lo)
    y.replace(with: .infinity, where: x .> hi)
    y.replace(with: x, where: x .!= x)
    return y
}

/// erf(x) lane-wise: x·P(x²)/Q(x²) on x clamped to ±3.92, where erf reaches ±1 in float. P and Q
/// (degree 5 in x² each, Q(0) = 1) are a weighted least-squares rational fit refined toward
/// minimax, made by scripts/fit_erf.py; |error| ≤ 3e-7 in float with FMAs. About 14 vector
/// operations, a third of an exp-based form, which matters because GELU runs over every hidden
/// activation of every MLP, forward and backward.
@_transparent
public func fastErf(_ x: Float8) -> Float8 {
    let bound: Float = 3.92
    let xc = x.replacing(with: bound, where: x .> bound).replacing(with: -bound, where: x .< -bound)
    let z = xc * xc
    var p = Float8(repeating: 2.034_674_5e-6)
    p = muladd(p, z, 2.874_758_5e-4)
    p = muladd(p, z, 3.868_35e-3)
    p = muladd(p, z, 5.306_054e-2)
    p = muladd(p, z, 0.192_765_15)
    p = muladd(p, z, 1.128_379)
    var q = Float8(repeating: 3.806_983e-5)
    q = muladd(q, z, 1.188_113e-3)
    q = muladd(q, z, 1.517_234_5e-2)
    q = muladd(q, z, 0.115_084_99)
    q = muladd(q, z, 0.504_165_35)
    q = muladd(q, z, 1)
    return xc * p / q
}

/// erf(x) and e^{−x²}, lane-wise; GELU's derivative needs both (at x/√2).
@_transparent
public func erfWithGaussian(_ x: Float8) -> (erf: Float8, gaussian: Float8) {
    (fastErf(x), fastExp(-x * x))
}

/// a·b + c in one rounding (an FMA instruction): the polynomials above are chains of these.
@_transparent
public func muladd(_ a: Float8, _ b: Float, _ c: Float) -> Float8 {
    Float8(repeating: c).addingProduct(a, Float8(repeating: b))
}
@_transparent
public func muladd(_ a: Float8, _ b: Float8, _ c: Float) -> Float8 { Float8(repeating: c).addingProduct(a, b) }

/// Scalar forms, for tests and the few places that work one value at a time.
@inline(__always) public func fastExp(_ x: Float) -> Float { fastExp(Float8(repeating: x))[0] }
@inline(__always) public func fastErf(_ x: Float) -> Float { fastErf(Float8(repeating: x))[0] }

/// Writes exp(x[j] − shift) for j in 0..<n into y and returns their sum.
@inline(__always)
public func expShifted(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, shift: Float) -> Float {
    var acc = Float8()
    var j = 0
    while j + 8 <= n {
        let e = fastExp(load8(x, j) - shift)
        store8(e, y, j)
        acc += e
        j += 8
    }
    if j < n {  // the tail: unused lanes are not stored and not summed
        let e = fastExp(load(x, j, n - j) - shift)
        store(e, y, j, n - j)
        for l in 0..<(n - j) { acc[l] += e[l] }
    }
    return acc.sum()
}

// MARK: - Vector loops

/// Σ x[0..<n], eight partial sums then the tail (a fixed order, so deterministic).
@inline(__always) func rowSum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = Float8(), tail: Float = 0
    var j = 0
    while j + 8 <= n { acc += load8(x, j); j += 8 }
    while j < n { tail += x[j]; j += 1 }
    return acc.sum() + tail
}

/// Σ x[j]·y[j] over 0..<n, in the order of `rowSum`.
@inline(__always) func rowDot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = Float8(), tail: Float = 0
    var j = 0
    while j + 8 <= n { acc = acc.addingProduct(load8(x, j), load8(y, j)); j += 8 }
    while j < n { tail += x[j] * y[j]; j += 1 }
    return acc.sum() + tail
}

/// max x[0..<n] (−∞ for n = 0).
@inline(__always) func rowMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = Float8(repeating: -.infinity), tail = -Float.infinity
    var j = 0
    while j + 8 <= n { let v = load8(x, j); acc.replace(with: v, where: v .> acc); j += 8 }
    while j < n { tail = Swift.max(tail, x[j]); j += 1 }
    return Swift.max(acc.max(), tail)
}

extension SIMD8 where Scalar == Float {
    /// p[i..<i+lanes] (the other lanes 0), for vector loops here and in other modules.
    @inlinable @inline(__always)
    public init(_ p: UnsafePointer<Float>, _ i: Int, _ lanes: Int = 8) {
        if lanes == 8 { self = UnsafeRawPointer(p + i).loadUnaligned(as: Self.self); return }
        self.init()
        for l in 0..<lanes { self[l] = p[i + l] }
    }

    /// Writes the first `lanes` lanes to p[i...].
    @inlinable @inline(__always)
    public func store(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ lanes: Int = 8) {
        if lanes == 8 { UnsafeMutableRawPointer(p + i).storeBytes(of: self, as: Self.self); return }
        for l in 0..<lanes { p[i + l] = self[l] }
    }
}

// The module's short spellings of the two above (one implementation of vector loads and stores).
@inline(__always) func load8(_ p: UnsafePointer<Float>, _ i: Int) -> Float8 { Float8(p, i) }
@inline(__always) func store8(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ i: Int) { v.store(p, i) }
@usableFromInline @inline(__always) func load(_ p: UnsafePointer<Float>, _ i: Int, _ lanes: Int) -> Float8 {
    Float8(p, i, lanes)
}
@usableFromInline @inline(__always) func store(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ lanes: Int) {
    v.store(p, i, lanes)
}
