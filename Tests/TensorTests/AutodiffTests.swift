// Autodiff bookkeeping: gradients reach only tensors that want them, a frozen weight costs no dW
// product and keeps no activation alive, the graph is released after backward, and memory
// accounting sees every allocation.

import Testing
import Tensor
import TestSupport

@Suite struct AutodiffTests {
    @Test func gradientsOnlyWhereRequired() {
        let x = Tensor.ones([4, 3])  // data: no gradient
        let w = param([2, 3], seed: 1)
        let frozen = Tensor.ones([2, 3])
        let loss = (x.matmul(w, transB: true) + x.matmul(frozen, transB: true)).sum()
        loss.backward()
        #expect(w.grad != nil)
        #expect(x.grad == nil && frozen.grad == nil && !frozen.requiresGrad)
    }

    @Test func frozenWeightCostsNoWeightGradientProduct() {
        let x = param([8, 16], seed: 2), w = param([4, 16], seed: 3)
        let (_, trainable, _) = GemmCounter.measure { x.linear(weight: w, bias: nil).sum().backward() }
        w.requiresGrad = false
        x.grad = nil
        let (_, frozen, _) = GemmCounter.measure { x.linear(weight: w, bias: nil).sum().backward() }
        let product = 2 * 8 * 4 * 16
        #expect(trainable == 3 * product)  // forward, dX, dW
        #expect(frozen == 2 * product)  // forward, dX
    }

    @Test func frozenWeightKeepsNoInputAlive() {
        // h = 2·x is an intermediate; y = h Wᵀ. dW would need h, dX needs only W. With W frozen the
        // graph must not keep h alive: only y remains after the forward pass.
        func retainedBytes(weightTrainable: Bool) -> Int {
            let w = param([64, 64], seed: 4)
            w.requiresGrad = weightTrainable
            let x = param([32, 64], seed: 5)
            return MemoryMeter.measure { () -> Int in
                let y = (x * 2).matmul(w, transB: true)
                let live = MemoryMeter.scoped!.liveBytes
                _ = y
                return live
            }.result
        }
        let y = 32 * 64 * 4, h = 32 * 64 * 4
        #expect(retainedBytes(weightTrainable: true) == y + h)
        #expect(retainedBytes(weightTrainable: false) == y)
    }

    @Test func meterTracksLiveAndPeakBytes() {
        let (peak, scoped) = MemoryMeter.measure { () -> Int in
            let meter = MemoryMeter.scoped!
            let a = Tensor.zeros([1000])
            #expect(meter.liveBytes == 4000)
            do { _ = Tensor.zeros([2000]) }
            #expect(meter.liveBytes == 4000)
            _ = a
            return meter.peak
        }
        #expect(peak == 12_000 && scoped == 12_000)
        // A reset starts a new peak window at the current live size.
        _ = MemoryMeter.measure { () -> Void in
            let meter = MemoryMeter.scoped!
            let a = Tensor.zeros([1000])
            do { _ = Tensor.zeros([5000]) }
            #expect(meter.peak == 24_000)
            meter.resetPeak()
            #expect(meter.peak == 4_000)
            _ = Tensor.zeros([500])
            #expect(meter.peak == 6_000)
            _ = a
        }
        #expect(processPeakRSS() > 0)
    }

    @Test func backwardReleasesTheGraph() {
        let w = param([16, 16], seed: 5)
        let (_, _) = MemoryMeter.measure { () -> Void in
            let meter = MemoryMeter.scoped!
            let before = meter.liveBytes
            var loss: Tensor? = (param([8, 16], seed: 6).matmul(w, transB: true).gelu()).sum()
            #expect(meter.liveBytes > before)
            loss!.backward()
            loss = nil
            // Only w's gradient (16·16 floats) remains from this step.
            #expect(meter.liveBytes == before + 16 * 16 * 4)
        }
    }

    @Test func sameSeedSameNumbers() {
        var a = RNG(seed: 42), b = RNG(seed: 42), c = RNG(seed: 43)
        let xs = (0..<100).map { _ in a.next() }
        #expect(xs == (0..<100).map { _ in b.next() })
        #expect(xs != (0..<100).map { _ in c.next() })
        var n = RNG(seed: 1)
        let normals = (0..<20_000).map { _ in n.normal() }
        let mean = normals.reduce(0, +) / 20_000
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(Swift.abs(mean) < 0.03 && Swift.abs(variance - 1) < 0.05)
    }

    @Test func withoutGradRecordsNothing() {
        let w = param([3, 3], seed: 7)
        let y = withoutGrad { w.matmul(w) }
        #expect(!y.requiresGrad && !y.hasHistory)
    }
}
