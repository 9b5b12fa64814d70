// Asymmetric uniform k-bit quantization of a weight (out, in) in groups of g input columns
// (PEQA: one group per row; QA-LoRA: g = 16): per row i and group k, min–max over the group,
//   scale = (max − min)/(2^k − 1),  zero = −min/scale,  code = round(w/scale + zero) ∈ 0…2^k−1,
//   w ≈ scale·(code − zero).
// Codes are packed two per byte for k ≤ 4 (one per byte up to 8 bits); scales and zero points
// are Float32. Buffers are tensor Storage, so the memory meters count what is really held.

import Tensor

public final class UniformQuantized: @unchecked Sendable {
    public let rows: Int, cols: Int, group: Int, bits: Int
    var groups: Int { cols / group }
    let codes: Storage
    /// (rows, groups), row-major. `zero` may be moved by a merge (QA-LoRA), the codes never.
    public internal(set) var scale: [Float], zero: [Float]

    public init(_ w: [Float], rows: Int, cols: Int, group: Int, bits: Int) {
        precondition(
            cols % group == 0 && (1...8).contains(bits),
            "UniformQuantized: \(cols) columns, group \(group), \(bits) bits")
        (self.rows, self.cols, self.group, self.bits) = (rows, cols, group, bits)
        let levels = Float((1 << bits) - 1), n = rows * cols
        codes = Storage(repeating: 0, count: ((bits <= 4 ? (n + 1) / 2 : n) + 3) / 4)
        scale = [Float](repeating: 0, count: rows * (cols / group))
        zero = scale
        let packed = Self.raw(codes)
        for i in 0..<rows {
            for k in 0..<(cols / group) {
                let slice = w[(i * cols + k * group)..<(i * cols + (k + 1) * group)]
                let (lo, hi) = (Swift.min(slice.min()!, 0), Swift.max(slice.max()!, 0))  // 0 stays exact
                let s = hi > lo ? (hi - lo) / levels : 1
                let z = (-lo / s).rounded()
                (scale[i * groups + k], zero[i * groups + k]) = (s, z)
                for j in (k * group)..<((k + 1) * group) {
                    let q = UInt8(Swift.min(levels, Swift.max(0, (w[i * cols + j] / s + z).rounded())))
                    let e = i * cols + j
                    if bits <= 4 {
                        packed[e / 2] = e % 2 == 0 ? (packed[e / 2] & 0xF0) | q : (packed[e / 2] & 0x0F) | (q << 4)
                    } else {
                        packed[e] = q
                    }
                }
            }
        }
    }

    static func raw(_ s: Storage) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutableRawPointer(s.pointer).assumingMemoryBound(to: UInt8.self)
    }

    /// The integer code of entry e (row-major).
    public func code(_ e: Int) -> Int {
        let packed = Self.raw(codes)
        return Int(bits <= 4 ? (e % 2 == 0 ? packed[e / 2] & 0x0F : packed[e / 2] >> 4) : packed[e])
    }

    /// scale·(code − zero) (out, in), a fresh tensor; `scaled: false` gives code − zero alone;
    /// `zero` replaces the zero points (a merge's).
    public func dequantize(scaled: Bool = true, zero: [Float]? = nil) -> Tensor {
        let out = Tensor.empty([rows, cols]), dst = out.data
        let z = zero ?? self.zero
        parallelFor(rows, grain: 8) { range in
            for i in range {
                for j in 0..<self.cols {
                    let g = i * self.groups + j / self.group
                    dst[i * self.cols + j] = (Float(self.code(i * self.cols + j)) - z[g]) * (scaled ? self.scale[g] : 1)
                }
            }
        }
        return out
    }

    /// Bytes held: the codes plus a scale and a zero point per row and group.
    public var bytes: Int { codes.count * 4 + 2 * 4 * scale.count }
}

extension Tensor {
    /// x (…, in) · Wᵀ + b with W uniformly quantized: dequantized for the product and again in the
    /// backward pass (for dx only; W is frozen), never kept between them.
    public func linear(quantized w: UniformQuantized, scaled: Bool = true, bias: Tensor?) -> Tensor {
        let y = withoutGrad { self.linear(weight: w.dequantize(scaled: scaled), bias: bias) }
        return y.recorded(from: [self]) { g, slots in
            slots[0]?.add(owning: withoutGrad { g.matmul(w.dequantize(scaled: scaled)) })
        }
    }
}
