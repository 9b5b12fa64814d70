// Vectorised exp and erf on 8 floats at a time. exp, softmax and GELU run over every activation,
// and libm's scalar expf/erff would cost more than the matmuls on our small models.
//   exp: Cephes expf (range reduction by ln 2, degree-6 polynomial), ≤ 2 ulp on [-87, 88].
//   erf: Abramowitz & Stegun 7.1.26 for |x| ≥ 0.5; below that, where 1 − p·t·e^{−x²} cancels in
//        float, its Maclaurin series to x¹¹. Absolute error ≤ 2.4e-7 in float (2 ulp near ±1).
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
    let t = xc * 1.442_695_040_888_963_4 + shifter
    let fx = t - shifter
    let n = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
    var r = xc - fx * 0.693_359_375
    r = r - fx * -2.121_944_4e-4
    var p = Float8(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * (r * r) + r + 1
    let scale = unsafeBitCast((n &+ 127) &<< 23, to: Float8.self)
    var y = p * scale
    y.replace(with: 0, where: x .< lo)
    y.replace(with: .infinity, where: x .> hi)
    y.replace(with: x, where: x .!= x)
    return y
}

/// erf(x) lane-wise (A&S 7.1.26, series below 0.5).
@_transparent
public func fastErf(_ x: Float8) -> Float8 { erfWithGaussian(x).erf }

/// erf(x) and the e^{−x²} it is built from, lane-wise; GELU's derivative needs both (at x/√2).
@_transparent
public func erfWithGaussian(_ x: Float8) -> (erf: Float8, gaussian: Float8) {
    let ax = x.replacing(with: -x, where: x .< 0)
    let x2 = ax * ax
    let gaussian = fastExp(-x2)
    let t = 1 / (1 + 0.327_591_1 * ax)
    var p = Float8(repeating: 1.061_405_429)
    p = p * t - 1.453_152_027
    p = p * t + 1.421_413_741
    p = p * t - 0.284_496_736
    p = p * t + 0.254_829_592
    var y = 1 - p * t * gaussian
    // 2/√π·(x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320) for |x| < 0.5 (next term < 2e-9)
    var s = Float8(repeating: -1.128_379_167 / 1320)
    s = s * x2 + 1.128_379_167 / 216
    s = s * x2 - 1.128_379_167 / 42
    s = s * x2 + 1.128_379_167 / 10
    s = s * x2 - 1.128_379_167 / 3
    s = s * x2 + 1.128_379_167
    y.replace(with: s * ax, where: ax .< 0.5)
    return (y.replacing(with: -y, where: x .< 0), gaussian)
}

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

@inline(__always) func load8(_ p: UnsafePointer<Float>, _ i: Int) -> Float8 {
    UnsafeRawPointer(p + i).loadUnaligned(as: Float8.self)
}
@inline(__always) func store8(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Float8.self)
}

@usableFromInline @inline(__always) func load(_ p: UnsafePointer<Float>, _ i: Int, _ lanes: Int) -> Float8 {
    if lanes == 8 { return load8(p, i) }
    var v = Float8()
    for l in 0..<lanes { v[l] = p[i + l] }
    return v
}
@usableFromInline @inline(__always) func store(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ lanes: Int) {
    if lanes == 8 { store8(v, p, i); return }
    for l in 0..<lanes { p[i + l] = v[l] }
}
