// Fast paths against slow references: fused softmax, log-softmax and layer norm against their
// op-by-op forms; vectorised exp and erf against Foundation; the fused linear against matmul + add.

import Foundation
import Testing
import Tensor
import TestSupport

@Suite struct ReferenceTests {
    @Test func fastExpAndErfMatchFoundation() {
        var worstExp: Float = 0, worstErf: Float = 0
        var x: Float = -20
        while x <= 20 {
            let e = Double(Foundation.exp(Double(x)))
            worstExp = Swift.max(worstExp, Float(Swift.abs(Double(fastExp(x)) - e) / e))
            worstErf = Swift.max(worstErf, Swift.abs(fastErf(x) - Float(Foundation.erf(Double(x)))))
            x += 0.001
        }
        #expect(worstExp < 3e-7, "exp relative error \(worstExp)")
        #expect(worstErf < 3.5e-7, "erf absolute error \(worstErf)")
        #expect(fastExp(-.infinity) == 0)
        #expect(fastExp(Float.infinity) == .infinity)
        #expect(fastExp(Float.nan).isNaN)
    }

    @Test func fusedSoftmaxEqualsComposedForm() {
        let x = param([4, 9], seed: 30)
        let composed = { () -> Tensor in
            let e = (x - x.amax(axis: 1, keepDims: true)).exp()
            return e / e.sum(axis: 1, keepDims: true)
        }
        #expect(maxAbsDiff(x.softmax().values, composed().values) < 1e-6)
        #expect(maxAbsDiff(x.logSoftmax().values, composed().log().values) < 1e-5)
        // Backward too: the same upstream gradient through both forms.
        let seedGrad = param([4, 9], seed: 31).detached()
        x.softmax().backward(seed: seedGrad); let fused = x.grad!.values; x.grad = nil
        composed().backward(seed: seedGrad); let slow = x.grad!.values
        #expect(maxAbsDiff(fused, slow) < 1e-5)
    }

    @Test func fusedLayerNormEqualsComposedForm() {
        let x = param([6, 10], seed: 32), g = param([10], seed: 33), b = param([10], seed: 34)
        let composed = { x.layerNormReference(gamma: g, beta: b) }
        #expect(maxAbsDiff(x.layerNorm(gamma: g, beta: b).values, composed().values) < 1e-5)
        let up = param([6, 10], seed: 35).detached()
        x.layerNorm(gamma: g, beta: b).backward(seed: up)
        let fused = [x.grad!.values, g.grad!.values, b.grad!.values]
        for t in [x, g, b] { t.grad = nil }
        composed().backward(seed: up)
        for (f, s) in zip(fused, [x.grad!.values, g.grad!.values, b.grad!.values]) { #expect(maxAbsDiff(f, s) < 1e-4) }
    }

    @Test func fusedLinearEqualsMatmulPlusBias() {
        let x = param([3, 4, 6], seed: 36), w = param([5, 6], seed: 37), b = param([5], seed: 38)
        #expect(maxAbsDiff(x.linear(weight: w, bias: b).values, (x.matmul(w, transB: true) + b).values) < 1e-5)
    }

    @Test func maskedSoftmaxRowOfMinusInfinityIsZeroNotNaN() {
        let x = Tensor([-.infinity, -.infinity, 1, 2], shape: [2, 2])
        let y = x.softmax().values
        #expect(y[0] == 0 && y[1] == 0)
        #expect(Swift.abs(y[2] + y[3] - 1) < 1e-6)
    }
}

@Suite struct AttentionTests {
    /// (causal, prefix length, padding): padding hides the last keys of the second sequence.
    @Test(arguments: [
        (false, 0, false), (true, 0, false), (true, 3, false), (false, 2, false), (false, 0, true),
        (false, 2, true), (true, 1, true),
    ])
    func fusedEqualsReference(_ config: (Bool, Int, Bool)) {
        let (causal, prefix, padded) = config
        let (b, t, d, heads) = (2, 5, 8, 2)
        let lengths = padded ? [5, 3] : nil
        let q = param([b, t, d], seed: 40), k = param([b, prefix + t, d], seed: 41),
            v = param([b, prefix + t, d], seed: 42)
        let fused = Tensor.attention(q: q, k: k, v: v, heads: heads, causal: causal, lengths: lengths)
        let slow = Tensor.attentionReference(q: q, k: k, v: v, heads: heads, causal: causal, lengths: lengths)
        #expect(maxAbsDiff(fused.values, slow.values) < 1e-5)
        let up = param([b, t, d], seed: 43).detached()
        fused.backward(seed: up)
        let grads = [q, k, v].map { $0.grad!.values }
        for x in [q, k, v] { x.grad = nil }
        slow.backward(seed: up)
        for (g, x) in zip(grads, [q, k, v]) { #expect(maxAbsDiff(g, x.grad!.values) < 1e-5) }
        let failures = gradCheck([q, k, v]) {
            Tensor.attention(q: q, k: k, v: v, heads: heads, causal: causal, lengths: lengths)
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        if padded {  // a padded key changes nothing: its value row does not reach any output
            let v2 = v.detached()
            let lastKeyOfSecond = (prefix + t) + (prefix + t - 1)  // row of (B·S, D)
            for j in 0..<d { v2.data[lastKeyOfSecond * d + j] += 5 }
            let moved = Tensor.attention(q: q, k: k, v: v2, heads: heads, causal: causal, lengths: lengths)
            #expect(maxAbsDiff(moved.values, fused.values) < 1e-6)
        }
    }
}

@Suite struct LowRankTests {
    @Test(arguments: [true, false])
    func fusedEqualsComposed(_ baseTrainable: Bool) {
        let x = param([2, 3, 6], seed: 50), w = param([5, 6], seed: 51), bias = param([5], seed: 52)
        let a = param([2, 6], seed: 53), b = param([5, 2], seed: 54)
        w.requiresGrad = baseTrainable
        bias.requiresGrad = baseTrainable
        let fused = { x.linear(weight: w, bias: bias, lowRankA: a, b: b, scale: 1.5) }
        let composed = { x.linear(weight: w, bias: bias) + (x.matmul(a, transB: true) * 1.5).matmul(b, transB: true) }
        #expect(maxAbsDiff(fused().values, composed().values) < 1e-5)
        let inputs = [x, w, bias, a, b]
        let up = param([2, 3, 5], seed: 55).detached()
        fused().backward(seed: up)
        let grads = inputs.map { $0.grad?.values }
        for t in inputs { t.grad = nil }
        composed().backward(seed: up)
        for (g, t) in zip(grads, inputs) {
            #expect((g == nil) == !t.requiresGrad)
            if let g { #expect(maxAbsDiff(g, t.grad!.values) < 1e-5) }
        }
        for t in inputs { t.grad = nil }
        let failures = gradCheck(inputs, fused)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }
}
