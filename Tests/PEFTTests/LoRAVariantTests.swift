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

extension LoRAVariantTests {
    /// DyLoRA at rank b is W₀ + (α/b)·B[:, :b]A[:b, :]; in a frozen-mode step only row b−1 of A
    /// (column b−1 of B) gets a gradient, equal to the exact one; mode=all gives the exact gradient.
    @Test func dyloraTruncatesScalesAndFreezesTheLowerRanks() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try #require(try makeMethod("dylora") as? DyLoRA)
        try method.apply(to: model, seed: 0)
        #expect(method.variants(model) == (1..<8).map { "r\($0)" })
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? DyLoRA.Hook)
        var rng = RNG(seed: 6)
        hook.b.assign(Tensor.randn(hook.b.shape, std: 0.3, rng: &rng))
        let x = Tensor.randn([3, 64], rng: &rng)
        method.select(variant: "r3", in: model)
        let a3 = hook.a.slice(axis: 0, 0..<3), b3 = hook.b.slice(axis: 1, 0..<3)
        let reference = withoutGrad { q.forward(x) + x.matmul(a3, transB: true).matmul(b3, transB: true) * (16 / 3) }
        #expect(maxAbsDiff(withoutGrad { hook(x, base: q).values }, reference.values) < 1e-5)

        let probe = Tensor.randn([3, 64], rng: &rng)
        func gradients(training: Bool) -> [Float] {
            (hook.sampled, hook.isTraining) = (3, training)
            hook.a.grad = nil
            (hook(x, base: q) * probe).sum().backward()
            defer { hook.a.grad = nil; hook.b.grad = nil }
            return hook.a.grad!.values
        }
        let exact = gradients(training: false), frozen = gradients(training: true)
        #expect(frozen[0..<(2 * 64)].allSatisfy { $0 == 0 } && frozen[(3 * 64)...].allSatisfy { $0 == 0 })
        #expect(maxAbsDiff(Array(frozen[(2 * 64)..<(3 * 64)]), Array(exact[(2 * 64)..<(3 * 64)])) < 1e-6)
        #expect(exact[0..<(2 * 64)].contains { $0 != 0 })
        let all = try makeMethod("dylora", options: ["mode": "all"])
        let other = Tiny.model(.vit, seed: 0)
        try all.apply(to: other, seed: 0)
        train(other, all)
        let own = other.trainableParameters().filter { !$0.name.hasPrefix("head.") }.map(\.tensor)
        #expect(gradCheck(own, eps: 1e-2, atol: 3e-3, rtol: 5e-2, maxPerInput: 6) { Tiny.loss(other) }.isEmpty)
    }
}

extension LoRAVariantTests {
    /// SoRA's proximal step zeroes gates within ξ of zero and shrinks the others by ξ; the
    /// stored form (surviving ranks only, the gate folded into B) rebuilds the same update.
    @Test func soraSoftThresholdsItsGatesAndStoresOnlyOpenRanks() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("sora", options: ["xi": "0.3"])
        try method.apply(to: model, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? SoRA.Hook)
        var rng = RNG(seed: 2)
        hook.b.assign(Tensor.randn(hook.b.shape, std: 0.3, rng: &rng))
        hook.gate.assign(Tensor([0.9, -0.2, 0.1, -1.5, 0.31, 0, 2, -0.29], shape: [8]))
        method.afterStep(0, total: 1)
        let expected: [Float] = [0.6, 0, 0, -1.2, 0.01, 0, 1.7, 0]
        #expect(maxAbsDiff(hook.gate.values, expected) < 1e-6)
        #expect(hook.gate.values.filter { $0 == 0 }.count == 4)
        let stored = try #require(method.storedTensors(model))
        let (a, b) = (try #require(stored["blocks.0.attn.q.hook.a"]), try #require(stored["blocks.0.attn.q.hook.b"]))
        #expect(a.shape == [4, 64] && b.shape == [64, 4])
        let full = withoutGrad { (hook.b * hook.gate).matmul(hook.a) }
        #expect(maxAbsDiff(b.matmul(a).values, full.values) < 1e-6)
        #expect(method.extras(model).first { $0.name == "open_gates" }?.value ?? 0 >= 4)
    }
}

extension LoRAVariantTests {
    /// PeriodicLoRA's unload moves s·BA into W, leaves the output as it was, restarts B at zero
    /// and A afresh (and names both for the optimizer), only at the ends of the inner stages; the
    /// update accumulated over the stages has a rank above r.
    @Test func periodicLoRAUnloadsEachStageAndAccumulatesRank() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("periodic-lora", options: ["r": "1", "stages": "4"])
        try method.apply(to: model, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? LowRankHook)
        let w0 = q.weight.values
        #expect((0..<8).filter { !method.restartedTensors(after: $0, total: 8).isEmpty } == [1, 3, 5])
        #expect(method.restartedTensors(after: 1, total: 8).contains { $0 === hook.a })

        var rng = RNG(seed: 3)
        hook.b.assign(Tensor.randn(hook.b.shape, std: 0.3, rng: &rng))
        let (before, a0) = (withoutGrad { Tiny.output(model).values }, hook.a.values)
        let merged = withoutGrad { hook.mergedWeight(q).values }
        method.afterStep(1, total: 8)
        #expect(maxAbsDiff(withoutGrad { Tiny.output(model).values }, before) < 1e-5)
        #expect(maxAbsDiff(q.weight.values, merged) < 1e-6)
        #expect(hook.b.values.allSatisfy { $0 == 0 } && hook.a.values != a0)
        method.afterStep(2, total: 8)  // not a stage end: nothing moves
        #expect(maxAbsDiff(q.weight.values, merged) == 0)

        let other = Tiny.model(.vit, seed: 0)
        let trained = try makeMethod("periodic-lora", options: ["r": "1", "stages": "4"])
        try trained.apply(to: other, seed: 0)
        train(other, trained, steps: 8)
        let w = other.targetLinears(["q"])[0].linear.weight
        let update = zip(w.values, w0).map { Double($0 - $1) }
        let sigma = SVD(update, rows: w.shape[0], cols: w.shape[1]).sigma
        #expect(sigma.filter { $0 > 1e-4 * sigma[0] }.count >= 3, "\(sigma.prefix(5))")
    }
}

extension LoRAVariantTests {
    /// LoRA Dropout in training: ΔW = s·diag(m_out)·BA·diag(m_in)/(1 − p)², whole rows and
    /// columns dropped, masks redrawn each pass; outside training it is the plain LoRA.
    @Test func loraDropoutMasksWholeRowsAndColumnsInTraining() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("lora-dropout", options: ["p": "0.3"])
        try method.apply(to: model, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? LowRankHook)
        var rng = RNG(seed: 4)
        hook.b.assign(Tensor.randn(hook.b.shape, std: 0.3, rng: &rng))
        let (n, full) = (q.inFeatures, withoutGrad { hook.delta().values })  // s·BA, (out, in)
        let eye = Tensor((0..<(n * n)).map { $0 % (n + 1) == 0 ? 1 : 0 }, shape: [n, n])
        /// ΔWᵀ, row j = ΔW's column j, read through the identity input.
        func update() -> [Float] { withoutGrad { (hook(eye, base: q) - q.forward(eye)).values } }
        #expect(maxAbsDiff(update(), transposed(full, rows: q.outFeatures, cols: n)) < 1e-5)
        model.train(true)
        let (first, second) = (update(), update())
        #expect(first != second)
        let kept = 1 / (0.7 * 0.7) as Float
        var dropped = 0
        for j in 0..<n {
            for i in 0..<q.outFeatures {
                let (got, plain) = (first[j * q.outFeatures + i], full[i * n + j])
                let rowKept = (0..<n).contains { first[$0 * q.outFeatures + i] != 0 }
                let colKept = (0..<q.outFeatures).contains { first[j * q.outFeatures + $0] != 0 }
                #expect(Swift.abs(got - (rowKept && colKept ? kept * plain : 0)) < 1e-5)
                if !(rowKept && colKept) { dropped += 1 }
            }
        }
        let rate = Double(dropped) / Double(n * q.outFeatures)  // ≈ 2p − p² = 0.51
        #expect(rate > 0.35 && rate < 0.67, "\(rate)")
    }
}

/// (rows, cols) row-major → (cols, rows).
func transposed(_ m: [Float], rows: Int, cols: Int) -> [Float] {
    (0..<(rows * cols)).map { k in m[(k % rows) * cols + k / rows] }
}

extension LoRAVariantTests {
    /// The fast Fastfood products equal the explicit matrix H·G·Π·H·B (scaled, first D rows and
    /// d columns) and its transpose; its columns have norm ≈ 1.
    @Test func fastfoodMatchesItsDenseMatrix() {
        var rng = RNG(seed: 11)
        let ff = Fastfood(inputs: 20, outputs: 50, rng: &rng)  // n = 64
        #expect(ff.size == 64)
        let p = ff.dense()
        let theta = (0..<20).map { _ in rng.normal() }, g = (0..<50).map { _ in rng.normal() }
        let dense = (0..<50).map { i in (0..<20).reduce(0) { $0 + p[i * 20 + $1] * theta[$1] } }
        let denseT = (0..<20).map { j in (0..<50).reduce(0) { $0 + p[$1 * 20 + j] * g[$1] } }
        #expect(maxAbsDiff(ff.project(theta), dense) < 1e-4)
        #expect(maxAbsDiff(ff.projectTransposed(g), denseT) < 1e-4)
        let norms = (0..<20).map { j in (0..<50).reduce(0) { $0 + p[$1 * 20 + j] * p[$1 * 20 + j] }.squareRoot() }
        #expect(norms.allSatisfy { $0 > 0.5 && $0 < 1.5 }, "\(norms)")
    }

    /// SAID: every block tensor is θ⁰ + λᵢPᵢθ_d with one θ_d shared by all of them.
    @Test func saidMovesEveryBlockTensorInOneSubspace() throws {
        let model = Tiny.model(.vit, seed: 0)
        let w0 = model.targetLinears(["q"])[0].linear.weight.values
        try makeMethod("said", options: ["d": "32"]).apply(to: model, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? SAID.LinearHook)
        let own = model.trainableParameters().filter { !$0.name.hasPrefix("head.") }
        #expect(own.filter { $0.tensor.count == 32 }.count == 1 && own.count == 1 + 16)
        var rng = RNG(seed: 2)
        hook.weight.theta.assign(Tensor.randn([32], rng: &rng))
        hook.weight.lambda.assign(Tensor([0.5], shape: [1]))
        let merged = withoutGrad { hook.mergedWeight(q).values }
        let expected = zip(w0, hook.weight.projection.project(hook.weight.theta.values)).map { $0 + 0.5 * $1 }
        #expect(maxAbsDiff(merged, expected) < 1e-5)
        let k = try #require(model.targetLinears(["k"])[0].linear.hook as? SAID.LinearHook)
        #expect(k.weight.theta === hook.weight.theta)
    }
}
