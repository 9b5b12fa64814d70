// 4-bit NormalFloat storage (Dettmers et al. 2023, arXiv 2305.14314). Weights are split into
// blocks of 64; each block stores one absmax and 64 4-bit indices into the NF4 code book (normal
// quantiles rescaled to [−1, 1], with an exact 0). Double quantization stores the absmax values,
// mean-centred, as 8-bit symmetric integer codes with one Float32 scale per 256 blocks (the paper
// uses 8-bit floats; the storage cost is the same): 4 + 8/64 + 32/16384 ≈ 4.127 bits per weight,
// against 4 + 32/64 = 4.5 without. Buffers are tensor Storage, so the memory meters count them.

import Tensor

public final class NF4Tensor: @unchecked Sendable {
    /// The 16 NF4 values, ascending (Dettmers et al. 2305.14314, Appendix E).
    public static let codebook: [Float] = [
        -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
        -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
        0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
        0.7229568362236023, 1.0,
    ]

    public let shape: [Int]
    public let count: Int, block: Int
    let codes: Storage  // ⌈count/2⌉ bytes: two indices per byte, low nibble first
    let absmax: Storage?  // Float32 per block, without double quantization
    let absmaxCodes: Storage?  // Int8 per block, with it
    let absmaxScales: Storage?  // Float32 per `dqBlock` blocks
    let absmaxMean: Float
    let dqBlock: Int

    /// Quantizes `values` (row-major, `shape`).
    public init(_ values: [Float], shape: [Int], block: Int = 64, doubleQuant: Bool = true, dqBlock: Int = 256) {
        let n = values.count, blocks = (n + block - 1) / block
        (self.shape, count, self.block, self.dqBlock) = (shape, n, block, dqBlock)
        codes = Self.bytes((n + 1) / 2)
        let packed = Self.raw(codes)
        var maxima = [Float](repeating: 0, count: blocks)
        for b in 0..<blocks {
            let range = (b * block)..<Swift.min(n, (b + 1) * block)
            let m = values[range].reduce(0) { Swift.max($0, Swift.abs($1)) }
            maxima[b] = m
            for i in range {
                let q = UInt8(Self.nearest(m > 0 ? values[i] / m : 0))
                packed[i / 2] = i % 2 == 0 ? (packed[i / 2] & 0xF0) | q : (packed[i / 2] & 0x0F) | (q << 4)
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

    /// The index of the nearest code-book value.
    static func nearest(_ x: Float) -> Int {
        var best = 0
        for i in 1..<16 where Swift.abs(codebook[i] - x) < Swift.abs(codebook[best] - x) { best = i }
        return best
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
                    let q = i % 2 == 0 ? packed[i / 2] & 0x0F : packed[i / 2] >> 4
                    dst[i] = Self.codebook[Int(q)] * s
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
    /// x (…, in) · Wᵀ + b with W stored in NF4: W is dequantized for the product and again in the
    /// backward pass (for dx only; the quantized weight is frozen), never kept between them.
    public func linear(nf4 w: NF4Tensor, bias: Tensor?) -> Tensor {
        let y = withoutGrad { self.linear(weight: w.dequantize(), bias: bias) }
        return y.recorded(from: [self]) { g, slots in
            slots[0]?.add(owning: withoutGrad { g.matmul(w.dequantize()) })
        }
    }
}
