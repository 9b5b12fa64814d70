// NF4 (QLoRA): the code book, round-trip error bounds on Gaussian weights, double quantization's
// cost and error, and the bytes the memory meter sees.

import Models
import NN
import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct QuantizationTests {
    func gaussian(_ n: Int, seed: UInt64 = 3) -> [Float] {
        var rng = RNG(seed: seed)
        return Tensor.randn([n], rng: &rng).values
    }

    @Test func codebookRoundTripsExactly() {
        let c = NFTensor.nf4
        #expect(c.count == 16 && c.first == -1 && c.last == 1 && c[7] == 0 && c == c.sorted())
        #expect(c.filter { $0 < 0 }.count == 7 && c.filter { $0 > 0 }.count == 8)
        // Each value, placed in a block whose absmax is 1, comes back bit for bit.
        let q = NFTensor(c + [Float](repeating: 0, count: 48), shape: [64], doubleQuant: false)
        #expect(Array(q.dequantize().values.prefix(16)) == c)
    }

    @Test func gaussianRoundTripErrorMatchesTheCodeGaps() {
        let n = 64 * 1024, w = gaussian(n)
        let plain = NFTensor(w, shape: [n], doubleQuant: false).dequantize().values
        for b in stride(from: 0, to: n, by: 64) {
            let m = w[b..<(b + 64)].map { Swift.abs($0) }.max()!
            for i in b..<(b + 64) { #expect(Swift.abs(w[i] - plain[i]) <= 0.1520 * m + 1e-6) }
        }
        func relative(_ x: [Float]) -> Double {
            let e = zip(w, x).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
            return (e / w.reduce(0.0) { $0 + Double($1) * Double($1) }).squareRoot()
        }
        let r = relative(plain)
        #expect(r > 0.085 && r < 0.10, "relative Frobenius error \(r)")
        let dq = relative(NFTensor(w, shape: [n]).dequantize().values)
        #expect(Swift.abs(dq - r) < 0.01 * r, "double quantization: \(dq) vs \(r)")
    }

    @Test func storageCostsAbout4Point127BitsPerWeight() {
        let n = 256 * 64 * 4, w = gaussian(n)
        let (q, bytes) = MemoryMeter.measure { NFTensor(w, shape: [n]) }
        #expect(q.bytes == bytes)
        let bits = Double(bytes) * 8 / Double(n)
        #expect(Swift.abs(bits - 4.127) < 0.01, "\(bits) bits per weight")
        let plain = NFTensor(gaussian(n), shape: [n], doubleQuant: false)
        #expect(Swift.abs(Double(plain.bytes) * 8 / Double(n) - 4.5) < 0.01)
    }

    @Test func qloraReleasesTheFloatWeightsAndGradientsFlowToTheInput() throws {
        let model = ViT(seed: 0)
        try makeMethod("qlora").apply(to: model, seed: 0)
        #expect(model.targetLinears(Targets.linears).allSatisfy { $0.linear.weight.count == 0 })
        var rng = RNG(seed: 2)
        let x = Tensor.randn([2, 5, 64], rng: &rng, requiresGrad: true)
        let q = model.targetLinears(["q"])[0].linear
        let failures = gradCheck([x], eps: 1e-2, maxPerInput: 12) { q(x) }
        #expect(failures.isEmpty, "\(failures.prefix(2))")
    }
}
