// Behaviours particular to the long tail's adapter methods (the contract tests cover the rest).

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct LongTailAdapterTests {
    /// AdaptFormer's block is x + MLP(ln2(x)) + s·Δ(x) with Δ reading the un-normalised residual
    /// (h after attention), written out op by op; `parallel` with the same weights reads ln2(h).
    @Test func adaptformerReadsTheResidualStream() throws {
        let model = Tiny.model(.vit, seed: 0)
        try makeMethod("adaptformer").apply(to: model, seed: 0)
        let block = model.transformerBlocks[0]
        let branch = try #require(block.mlpBranch as? AdaptFormer.Branch)
        let dense = try #require(branch.adapter.weights as? DenseBottleneck)
        var rng = RNG(seed: 9)
        dense.wUp.assign(Tensor.randn(dense.wUp.shape, std: 0.3, rng: &rng))
        branch.adapter.upBias.assign(Tensor.randn([64], std: 0.1, rng: &rng))
        let x = Tensor.randn([2, 5, 64], rng: &rng)
        let h = withoutGrad { x + block.attn(block.ln1(x)) }
        let delta = withoutGrad {
            h.linear(weight: dense.wDown, bias: branch.adapter.downBias).relu().linear(
                weight: dense.wUp, bias: branch.adapter.upBias)
        }
        let expected = withoutGrad { h + block.mlp(block.ln2(h)) + delta * 0.1 }
        #expect(maxAbsDiff(withoutGrad { block(x) }.values, expected.values) < 1e-5)
        let normalised = withoutGrad {
            block.ln2(h).linear(weight: dense.wDown, bias: branch.adapter.downBias).relu().linear(
                weight: dense.wUp, bias: branch.adapter.upBias)
        }
        #expect(maxAbsDiff(delta.values, normalised.values) > 1e-2, "the residual, not ln2(h)")
    }
}

extension LongTailAdapterTests {
    /// AdapterDrop: static mode leaves the first n blocks without adapters; robust mode drops the
    /// first k ~ U{0…n} in training steps only, and a variant drops them at inference.
    @Test func adapterdropDropsTheLowestBlocks() throws {
        let model = ViT(seed: 0)  // four blocks: n = 2 by default
        let method = try makeMethod("adapterdrop")
        try method.apply(to: model, seed: 0)
        #expect(method.variants(model) == ["drop1", "drop2"])
        let adapters = model.transformerBlocks.compactMap { $0.mlp.adapter as? AdapterDrop.Droppable }
        #expect(adapters.count == 4)
        var rng = RNG(seed: 1)
        for a in adapters {
            (a.inner.weights as! DenseBottleneck).wUp.assign(Tensor.randn([64, 8], std: 0.5, rng: &rng))
        }
        let x = Tensor.uniform([2, 64], 0, 16, rng: &rng)
        let full = withoutGrad { model(x).values }
        method.select(variant: "drop2", in: model)
        let dropped = withoutGrad { model(x).values }
        for a in adapters.prefix(2) { a.droppedAtInference = false }
        let bare = model.transformerBlocks.prefix(2).map { $0.mlp.adapter }
        for block in model.transformerBlocks.prefix(2) { block.mlp.adapter = nil }
        #expect(withoutGrad { model(x).values } == dropped)
        for (block, a) in zip(model.transformerBlocks.prefix(2), bare) { block.mlp.adapter = a }
        method.select(variant: nil, in: model)
        #expect(withoutGrad { model(x).values } == full && full != dropped)
        var seen = Set<Int>()
        for step in 0..<40 {
            method.afterStep(step, total: 40)
            let k = adapters.filter { $0.droppedInTraining }.count
            seen.insert(k)
            #expect(adapters.prefix(k).allSatisfy { $0.droppedInTraining })
        }
        #expect(seen == [0, 1, 2])
        let static_ = ViT(seed: 0)
        try makeMethod("adapterdrop", options: ["mode": "static", "drop": "3"]).apply(to: static_, seed: 0)
        #expect(static_.transformerBlocks.map { $0.mlp.adapter == nil } == [true, true, true, false])
    }
}

extension LongTailAdapterTests {
    /// The scaled parallel adapter is the parallel adapter times its own trainable s: with s set to
    /// 2.5 it gives `parallel s=2.5` with the same weights, and s gets the gradient ⟨Δ, ∂L/∂y⟩.
    @Test func scaledParallelLearnsTheParallelAdaptersScale() throws {
        let (scaled, fixed) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
        try makeMethod("scaled-parallel").apply(to: scaled, seed: 3)
        try makeMethod("parallel", options: ["s": "2.5"]).apply(to: fixed, seed: 3)
        let (a, b) = (
            try #require(scaled.transformerBlocks[0].mlp.adapter as? BottleneckAdapter),
            try #require(fixed.transformerBlocks[0].mlp.adapter as? BottleneckAdapter)
        )
        let s = try #require(a.scale)
        #expect(s.values == [1] && s.requiresGrad && b.scale == nil)
        var rng = RNG(seed: 5)
        let up = Tensor.randn([64, 8], std: 0.3, rng: &rng)
        (a.weights as! DenseBottleneck).wUp.assign(up)
        (b.weights as! DenseBottleneck).wUp.assign(up)
        s.assign(Tensor([2.5], shape: [1]))
        #expect(
            maxAbsDiff(withoutGrad { Tiny.output(scaled).values }, withoutGrad { Tiny.output(fixed).values }) < 1e-5)

        let x = Tensor.randn([2, 5, 64], rng: &rng), probe = Tensor.randn([2, 5, 64], rng: &rng)
        let mlp = scaled.transformerBlocks[0].mlp
        (mlp(x) * probe).sum().backward()
        let delta = withoutGrad { a.delta(x) }
        let expected = zip(delta.values, probe.values).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(Swift.abs(s.grad!.values[0] - expected) < 1e-3 * max(1, Swift.abs(expected)))
    }
}

extension LongTailAdapterTests {
    /// SparseAdapter keeps exactly the top half of |g ⊙ W| over all its weights (brute force on
    /// the same gradient), zeroes the rest, and they stay 0 through training.
    @Test func sparseAdapterKeepsTheTopSNIPScores() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("sparse-adapter")
        try method.apply(to: model, seed: 0)
        let adapter = try #require(model.transformerBlocks[0].mlp.adapter as? BottleneckAdapter)
        let (down, up) = (adapter.weights.down(), adapter.weights.up())
        #expect(down.shape == [16, 64] && up.shape == [64, 16])
        let before = (down.values, up.values)
        for i in 0..<4 { Tiny.loss(model, seed: UInt64(i)).backward() }  // the same four losses prepare uses
        let scores = zip(down.grad!.values + up.grad!.values, before.0 + before.1).map { Swift.abs($0 * $1) }
        for p in model.trainableParameters() { p.tensor.grad = nil }
        let threshold = scores.sorted(by: >)[scores.count / 2 - 1]
        try method.prepare(model, exampleCount: 4) { Tiny.loss(model, seed: UInt64($0)) }
        let kept = (down.values + up.values).map { $0 != 0 }
        #expect(kept.filter { $0 }.count == scores.count / 2)
        #expect(zip(kept, scores).allSatisfy { $0 ? $1 >= threshold : $1 <= threshold })
        train(model, method, steps: 3)
        #expect(zip(down.values + up.values, kept).allSatisfy { $1 || $0 == 0 })
        #expect(method.trainableCount(model) == 2048 / 2 + 16 + 64)
    }
}

@Suite struct LadderSideTuningTests {
    /// LST's point: the frozen backbone runs without a graph, so a training step (forward and
    /// backward) peaks far below LoRA's, which must keep every block's activations for dx.
    @Test func aTrainingStepKeepsNoBackboneActivations() throws {
        func peak(_ method: String) throws -> Int {
            let model = ViT(seed: 0)
            try makeMethod(method).apply(to: model, seed: 0)
            var rng = RNG(seed: 1)
            let x = Tensor.uniform([64, 64], -1, 1, rng: &rng)
            return MemoryMeter.measure { model(x).sum().backward() }.peakBytes
        }
        let (lst, lora) = (try peak("lst"), try peak("lora"))
        #expect(Double(lst) < 0.6 * Double(lora), "lst \(lst) B, lora \(lora) B")
    }

    /// With every gate shut on the ladders (μ → 1) the side network reads only block 1's output:
    /// changing what the later blocks compute leaves the prediction unchanged; with the gates
    /// open it does not.
    @Test func gatesDecideWhatTheLaddersCarry() throws {
        let model = ViT(seed: 0)
        try makeMethod("lst").apply(to: model, seed: 0)
        let ladder = try #require(model.side as? LST.Ladder)
        var rng = RNG(seed: 2)
        let x = Tensor.uniform([4, 64], -1, 1, rng: &rng)
        func output(gate: Float, perturbLater: Bool) -> [Float] {
            for g in ladder.gates { g.data[0] = gate }
            let w = model.blocks[3].mlp.down.weight, saved = w.values
            if perturbLater { for e in 0..<w.count { w.data[e] += 0.5 } }
            defer { for e in 0..<w.count { w.data[e] = saved[e] } }
            return withoutGrad { model(x) }.values
        }
        #expect(output(gate: 100, perturbLater: false) == output(gate: 100, perturbLater: true))
        #expect(output(gate: 0, perturbLater: false) != output(gate: 0, perturbLater: true))
    }
}
