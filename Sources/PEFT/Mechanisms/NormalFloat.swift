// k-bit NormalFloat storage (NF4: Dettmers et al. 2023, arXiv 2305.14314; NF-k for k ≠ 4 as
// LQ-LoRA uses them, 2311.12023). Weights are split into blocks of 64; each block stores one
// absmax and 64 k-bit indices into the NF-k code book (normal quantiles rescaled to [−1, 1], with
// an exact 0). Double quantization stores the absmax values, mean-centred, as 8-bit symmetric
// integer codes with one Float32 scale per 256 blocks (the paper uses 8-bit floats; the storage
// cost is the same): k + 8/64 + 32/16384 ≈ k + 0.127 bits per weight, against k + 32/64 without.
// Buffers are tensor Storage, so the memory meters count them.

import Foundation
import Tensor

public final class NFTensor: @unchecked Sendable {
    /// The 16 NF4 values, ascending (Dettmers et al. 2305.14314, Appendix E).
    public static let nf4: [Float] = [
        -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
        0.7229568362236023, 1.0,
    ]

    /// The 2^k NF-k values, ascending: the normal quantiles Φ⁻¹ at 2^(k−1) points evenly from
    /// 0.9677 down to ½ (½ left out) and their negatives at 2^(k−1) − 1, plus 0, divided by the
    /// largest (bitsandbytes' construction; NF4 is the table above).
    public static func codebook(bits k: Int) -> [Float] { k == 4 ? nf4 : normalQuantiles(bits: k) }

    /// The construction behind `codebook(bits:)` (for k = 4 it gives the NF4 table to 1e-7).
    static func normalQuantiles(bits k: Int) -> [Float] {
        let offset = 0.9677083, half = 1 << (k - 1)
        func quantiles(_ n: Int) -> [Double] {  // Φ⁻¹ at n points from `offset` towards ½, ½ excluded
            (0..<n).map { inverseNormalCDF(offset - (offset - 0.5) * Double($0) / Double(n)) }
        }
        let values = (quantiles(half) + [0] + quantiles(half - 1).map { -$0 }).sorted()
        return values.map { Float($0 / values.last!) }
    }

    public let shape: [Int]
    public let count: Int, block: Int, bits: Int
    public let codebook: [Float]
    let codes: Storage  // ⌈count·k/8⌉ bytes (+1 for reading two at a time): index i at bits i·k…, low first
    let absmax: Storage?  // Float32 per block, without double quantization
    let absmaxCodes: Storage?  // Int8 per block, with it
    let absmaxScales: Storage?  // Float32 per `dqBlock` blocks
    let absmaxMean: Float
    let dqBlock: Int

    /// Quantizes `values` (row-major, `shape`).
    public init(
        _ values: [Float], shape: [Int], bits: Int = 4, block: Int = 64, doubleQuant: Bool = true, dqBlock: Int = 256
    ) {
        precondition((2...8).contains(bits), "NFTensor: \(bits) bits")
        let n = values.count, blocks = (n + block - 1) / block
        (self.shape, count, self.bits, self.block, self.dqBlock) = (shape, n, bits, block, dqBlock)
        codebook = Self.codebook(bits: bits)
        codes = Self.bytes((n * bits + 7) / 8 + 1)
        let packed = Self.raw(codes)
        var maxima = [Float](repeating: 0, count: blocks)
        for b in 0..<blocks {
            let range = (b * block)..<Swift.min(n, (b + 1) * block)
            let m = values[range].reduce(0) { Swift.max($0, Swift.abs($1)) }
            maxima[b] = m
            for i in range {
                let q = UInt16(Self.nearest(m > 0 ? values[i] / m : 0, in: codebook)) << UInt16((i * bits) & 7)
                packed[(i * bits) >> 3] |= UInt8(q & 0xFF)
                packed[(i * bits) >> 3 + 1] |= UInt8(q >> 8)
            }
        }
        guard doubleQuant else {
            absmax = Storage(uninitialized: blocks)
            for b in 0..<blocks { absmax!.pointer[b] = maxima[b] }
            (absmaxCodes, absmaxScales, absmaxMean) = (nil, nil, 0)
            return
        }
        absmax = nil
        let mean = maxima.reduce(0, +) / Float(blocks)
        let groups = (blocks + dqBlock - 1) / dqBlock
        absmaxCodes = Self.bytes(blocks)
        absmaxScales = Storage(uninitialized: groups)
        let q = Self.raw(absmaxCodes!)
        for g in 0..<groups {
            let range = (g * dqBlock)..<Swift.min(blocks, (g + 1) * dqBlock)
            let scale = maxima[range].reduce(0) { Swift.max($0, Swift.abs($1 - mean)) } / 127
            absmaxScales!.pointer[g] = scale
            for b in range { q[b] = UInt8(bitPattern: Int8(scale > 0 ? ((maxima[b] - mean) / scale).rounded() : 0)) }
        }
        absmaxMean = mean
    }

    /// The index of the nearest code-book value (the lower one on a tie), by bisection.
    static func nearest(_ x: Float, in codebook: [Float]) -> Int {
        var (lo, hi) = (0, codebook.count - 1)
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if codebook[mid] <= x { lo = mid } else { hi = mid }
        }
        return Swift.abs(codebook[hi] - x) < Swift.abs(codebook[lo] - x) ? hi : lo
    }

    /// The code-book index of entry `i`.
    @inline(__always) func code(_ i: Int, _ packed: UnsafeMutablePointer<UInt8>) -> Int {
        let bit = i * bits, pair = UInt16(packed[bit >> 3]) | UInt16(packed[bit >> 3 + 1]) << 8
        return Int((pair >> UInt16(bit & 7)) & UInt16((1 << bits) - 1))
    }

    static func bytes(_ n: Int) -> Storage { Storage(repeating: 0, count: (n + 3) / 4) }
    static func raw(_ s: Storage) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutableRawPointer(s.pointer).assumingMemoryBound(to: UInt8.self)
    }

    /// The absmax of block `b` (after double quantization, if any).
    func blockScale(_ b: Int) -> Float {
        if let absmax { return absmax.pointer[b] }
        let code = Float(Int8(bitPattern: Self.raw(absmaxCodes!)[b]))
        return code * absmaxScales!.pointer[b / dqBlock] + absmaxMean
    }

    /// The Float32 weights, a fresh tensor.
    public func dequantize() -> Tensor {
        let out = Tensor.empty(shape), dst = out.data, packed = Self.raw(codes)
        let blocks = (count + block - 1) / block
        parallelFor(blocks, grain: 64) { range in
            for b in range {
                let s = self.blockScale(b)
                for i in (b * self.block)..<Swift.min(self.count, (b + 1) * self.block) {
                    dst[i] = self.codebook[self.code(i, packed)] * s
                }
            }
        }
        return out
    }

    /// Bytes held (codes, block scales and their scales).
    public var bytes: Int {
        [codes, absmax, absmaxCodes, absmaxScales].compactMap { $0 }.reduce(0) { $0 + $1.count * 4 }
    }
}

extension Tensor {
    /// x (…, in) · Wᵀ + b with W stored in NF-k: W is dequantized for the product and again in the
    /// backward pass (for dx only; the quantized weight is frozen), never kept between them.
    public func linear(normalFloat w: NFTensor, bias: Tensor?) -> Tensor {
        let y = withoutGrad { self.linear(weight: w.dequantize(), bias: bias) }
        return y.recorded(from: [self]) { g, slots in
            slots[0]?.add(owning: withoutGrad { g.matmul(w.dequantize()) })
        }
    }
}

/// Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation, then one Halley step on erfc, which
/// brings it to double precision.
func inverseNormalCDF(_ p: Double) -> Double {
    let a = [
        -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716,
        2.506628277459239,
    ]
    let b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
    let c = [
        -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
        2.938163982698783,
    ]
    let d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
    func tail(_ q: Double) -> Double {
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    var x: Double
    if p < 0.02425 {
        x = tail((-2 * log(p)).squareRoot())
    } else if p > 1 - 0.02425 {
        x = -tail((-2 * log(1 - p)).squareRoot())
    } else {
        let q = p - 0.5, r = q * q
        x =
            (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
    let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p, u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    return x - u / (1 + x * u / 2)
}
