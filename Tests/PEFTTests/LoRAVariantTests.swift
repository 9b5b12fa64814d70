// Behaviours particular to the LoRA variants of the long tail (the contract tests cover the rest).

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct LoRAVariantTests {
    @Test func qrRebuildsTheMatrixWithOrthonormalQAndTriangularR() {
        var rng = RNG(seed: 2)
        for (m, n) in [(12, 5), (5, 12), (7, 7)] {
            let a = (0..<(m * n)).map { _ in Double(Float.random(in: -1...1, using: &rng)) }
            let qr = QR(a, rows: m, cols: n)
            for i in 0..<m {
                for j in 0..<n {
                    let x = (0..<qr.k).reduce(0.0) { $0 + qr.q[i * qr.k + $1] * qr.r[$1 * n + j] }
                    #expect(Swift.abs(x - a[i * n + j]) < 1e-12)
                }
            }
            for i in 0..<qr.k {
                for j in 0..<qr.k {
                    let dot = (0..<m).reduce(0.0) { $0 + qr.q[$1 * qr.k + i] * qr.q[$1 * qr.k + j] }
                    #expect(Swift.abs(dot - (i == j ? 1 : 0)) < 1e-12)
                }
                for j in 0..<min(i, n) { #expect(qr.r[i * n + j] == 0) }
            }
        }
    }

    /// OLoRA: B = Q[:, :r] has orthonormal columns, A = R[:r, :], and W_res + s·BA = W₀.
    @Test func oloraStartsFromTheQRFactorsAndKeepsTheBase() throws {
        let model = ViT(seed: 0)
        let up = model.targetLinears(["up"])[0].linear  // (256, 64): a tall weight
        let w0 = up.weight.values
        try makeMethod("olora", options: ["targets": "up"]).apply(to: model, seed: 0)
        let hook = try #require(up.hook as? LowRankHook)
        #expect(hook.scale == 1)
        let b = hook.b.values, r = 8
        for i in 0..<r {
            for j in 0..<r {
                let dot = (0..<256).reduce(Float(0)) { $0 + b[$1 * r + i] * b[$1 * r + j] }
                #expect(Swift.abs(dot - (i == j ? 1 : 0)) < 1e-5)
            }
        }
        let qr = QR(w0.map(Double.init), rows: 256, cols: 64)
        #expect(maxAbsDiff(hook.a.values, qr.r.prefix(r * 64).map(Float.init)) < 1e-6)
        #expect(maxAbsDiff((up.weight + hook.delta()).values, w0) < 1e-5)
        #expect(up.weight.values != w0, "the residual replaces W₀")
    }

    /// LoRA+: B's matrices are one group at λ × the rate; A's and the head keep the run's rate;
    /// training moves B λ times as far as plain LoRA's Adam step does at the same rate.
    @Test func loraPlusTrainsBAtRatioTimesTheRate() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("lora-plus", options: ["ratio": "4"])
        try method.apply(to: model, seed: 0)
        let groups = try #require(method.parameterGroups(model, weightDecay: 0.01))
        let bs = hooks(model, LowRankHook.self).map { ObjectIdentifier($0.hook.b) }
        #expect(groups[0].lrScale == 4 && Set(groups[0].parameters.map(ObjectIdentifier.init)) == Set(bs))
        #expect(groups.dropFirst().allSatisfy { $0.lrScale == 1 })
        #expect(groups.reduce(0) { $0 + $1.parameters.count } == model.trainableParameters().count)
        // One Adam step moves each entry by ≈ the group's rate (the first step is ±lr·sign(g)).
        let plain = Tiny.model(.vit, seed: 0)
        let lora = try makeMethod("lora")
        try lora.apply(to: plain, seed: 0)
        train(model, method, steps: 1, lr: 1e-3)
        train(plain, lora, steps: 1, lr: 1e-3)
        let stepPlus = hooks(model, LowRankHook.self)[0].hook.b.values.map { Swift.abs($0) }.max()!
        let stepLoRA = hooks(plain, LowRankHook.self)[0].hook.b.values.map { Swift.abs($0) }.max()!
        #expect(Swift.abs(stepPlus / stepLoRA - 4) < 1e-3)
        #expect(
            hooks(model, LowRankHook.self)[0].hook.a.values == hooks(plain, LowRankHook.self)[0].hook.a.values,
            "A moves as LoRA's (B starts at zero, so A's first gradient is zero in both)")
    }
}

extension LoRAVariantTests {
    /// Delta-LoRA's weight moves by the telescoping sum of the product's changes after step K:
    /// W_T = W₀ + λ·(s·B_TA_T − s·B_KA_K); with K = 0 (B₀ = 0), W_T = W₀ + λ·s·B_TA_T.
    @Test(arguments: [0, 2]) func deltaLoRAMovesWByTheProductsChange(_ k: Int) throws {
        let model = Tiny.model(.vit, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let w0 = q.weight.values
        let method = try makeMethod("delta-lora", options: ["lambda": "0.7", "warmup": "\(Double(k) / 5)"])
        try method.apply(to: model, seed: 0)
        let hook = try #require(q.hook as? LowRankHook)
        #expect(method.rewrittenTensors(model).contains("blocks.0.attn.q.weight"))
        let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
        var atK = [Float](repeating: 0, count: w0.count)
        for step in 0..<5 {
            Tiny.loss(model).backward()
            opt.step(lr: 1e-2)
            method.afterStep(step, total: 5)
            if step + 1 == k { atK = withoutGrad { hook.delta().values } }
        }
        let expected = zip(w0, zip(withoutGrad { hook.delta().values }, atK)).map { $0 + 0.7 * ($1.0 - $1.1) }
        #expect(maxAbsDiff(q.weight.values, expected) < 1e-5)
        #expect(maxAbsDiff(q.weight.values, w0) > 1e-4)
    }
}
