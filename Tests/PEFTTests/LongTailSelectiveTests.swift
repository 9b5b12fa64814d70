// Behaviours particular to the long tail's selective and scaling methods (the contract tests
// cover the rest).

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct LongTailSelectiveTests {
    /// PaFi trains exactly the ⌊ρN⌋ block entries of smallest |θ₀| (brute force), nothing else.
    @Test func pafiMasksTheSmallestPretrainedMagnitudes() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("pafi", options: ["density": "0.01"])
        try method.apply(to: model, seed: 0)
        let blocks = model.transformerBlocks.flatMap { $0.namedParameters().map(\.tensor) }
        let magnitudes = blocks.flatMap { $0.values.map { Swift.abs($0) } }
        let k = Int(0.01 * Double(Float(magnitudes.count)))
        let threshold = magnitudes.sorted()[k - 1]
        for t in blocks {
            let mask = try #require(method.trainableMask(t))
            for (m, v) in zip(mask, t.values) where Swift.abs(v) != threshold {
                #expect(m == (Swift.abs(v) < threshold))
            }
        }
        #expect(method.trainableCount(model) == k)
        #expect(model.trainableParameters().allSatisfy { p in blocks.contains { $0 === p.tensor } })
    }

    /// Child-Tuning_D: the blocks' mask is the top ⌊pN⌋ of the batch Fisher; outside the blocks
    /// every entry trains. Child-Tuning_F: a step keeps ≈ p of the gradient entries, scaled 1/p.
    @Test func childTuningMasks() throws {
        let model = Tiny.model(.vit, seed: 0)
        let d = try makeMethod("child-tuning", options: ["variant": "D", "p": "0.2", "fisher_batch": "2"])
        try d.apply(to: model, seed: 0)
        try d.prepare(model, exampleCount: 4) { Tiny.loss(model, seed: UInt64($0)) }
        let blocks = model.transformerBlocks.flatMap { $0.namedParameters().map(\.tensor) }
        var fisher = blocks.map { [Double](repeating: 0, count: $0.count) }
        for batch in [[0, 1], [2, 3]] {
            for p in model.trainableParameters() { p.tensor.grad = nil }
            ((Tiny.loss(model, seed: UInt64(batch[0])) + Tiny.loss(model, seed: UInt64(batch[1]))) * 0.5).backward()
            for (j, t) in blocks.enumerated() {
                let g = t.grad!.values.map(Double.init)
                let clip = min(1, 1 / g.reduce(0) { $0 + $1 * $1 }.squareRoot())
                for e in g.indices { fisher[j][e] += g[e] * clip * g[e] * clip / 2 }
            }
        }
        let n = blocks.reduce(0) { $0 + $1.count }
        let expected = FixedMask.topK(fisher, Int(Double(Float(0.2)) * Double(n)))
        #expect(blocks.enumerated().allSatisfy { d.trainableMask($0.element) == expected[$0.offset] })
        let outside = model.trainableParameters().filter { p in !blocks.contains { $0 === p.tensor } }
        #expect(!outside.isEmpty && outside.allSatisfy { d.trainableMask($0.tensor) == nil })

        let other = Tiny.model(.vit, seed: 0)
        let f = try makeMethod("child-tuning", options: ["p": "0.25"])
        try f.apply(to: other, seed: 0)
        Tiny.loss(other).backward()
        let before = other.trainableParameters().flatMap { $0.tensor.grad!.values }
        f.afterBackward(0, total: 1)
        let after = other.trainableParameters().flatMap { $0.tensor.grad!.values }
        let kept = zip(before, after).filter { $0.0 != 0 && $0.1 != 0 }
        #expect(kept.allSatisfy { Swift.abs($0.1 - 4 * $0.0) <= 1e-6 * Swift.abs($0.1) })
        let share = Double(kept.count) / Double(before.filter { $0 != 0 }.count)
        #expect(Swift.abs(share - 0.25) < 0.01, "kept \(share)")
    }

    /// RoCoFT's fast path (a small product on the first r rows or columns) is the dense
    /// reference W₀ + [R; 0] or W₀ + [C | 0], values and gradients; the merge changes only those rows or columns.
    @Test(arguments: ["rows", "columns"]) func rocoftMatchesTheDenseReference(_ axis: String) throws {
        let model = Tiny.model(.vit, seed: 0)
        try makeMethod("rocoft", options: ["axis": axis, "targets": "up"]).apply(to: model, seed: 0)
        let up = model.targetLinears(["up"])[0].linear
        let hook = try #require(up.hook as? RowColumnDelta)
        var rng = RNG(seed: 3)
        hook.delta.assign(Tensor.randn(hook.delta.shape, std: 0.2, rng: &rng))
        let x = Tensor.randn([2, 5, 64], rng: &rng)
        let fast = hook(x, base: up)
        let reference = x.linear(weight: up.weight + hook.full(up), bias: up.bias)
        #expect(maxAbsDiff(fast.values, reference.values) < 1e-5)
        let probe = Tensor.randn(fast.shape, rng: &rng)
        (fast * probe).sum().backward()
        let g1 = hook.delta.grad!.values
        hook.delta.grad = nil
        (x.linear(weight: up.weight + hook.full(up), bias: up.bias) * probe).sum().backward()
        #expect(maxAbsDiff(g1, hook.delta.grad!.values) < 1e-4)
        let w0 = up.weight.values
        try makeMethod("rocoft", options: ["axis": axis, "targets": "up"]).merge(model)
        let changed = zip(w0, up.weight.values).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(!changed.isEmpty && changed.allSatisfy { axis == "rows" ? $0 / 64 < 3 : $0 % 64 < 3 })
    }

    /// Propulsion: y = (W₀x + b) ⊙ z^k, and at z = 1 the gradient of z is k times (IA)³'s.
    @Test func propulsionScalesByAPowerOfZ() throws {
        let model = Tiny.model(.vit, seed: 0)
        try makeMethod("propulsion", options: ["k": "3", "targets": "q"]).apply(to: model, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? Propulsion.Hook)
        var rng = RNG(seed: 4)
        let x = Tensor.randn([4, 64], rng: &rng)
        let probe = Tensor.randn([4, 64], rng: &rng)
        (hook(x, base: q) * probe).sum().backward()
        let atOne = hook.z.grad!.values
        let plain = (q.forward(x) * probe).values
        let ia3 = (0..<64).map { j in (0..<4).reduce(Float(0)) { $0 + plain[$1 * 64 + j] } }
        #expect(maxAbsDiff(atOne, ia3.map { 3 * $0 }) < 1e-4)
        hook.z.assign(Tensor.uniform([64], 0.5, 1.5, rng: &rng))
        let z = hook.z.values
        let expected = zip(q.forward(x).values, (0..<(4 * 64)).map { z[$0 % 64] }).map { $0 * $1 * $1 * $1 }
        #expect(maxAbsDiff(withoutGrad { hook(x, base: q).values }, expected) < 1e-5)
    }

    @Test func attnOnlyTrainsTheAttentionProjectionsOnly() throws {
        let model = Tiny.model(.lm, seed: 0)
        try makeMethod("attn-only").apply(to: model, seed: 0)
        let names = Set(model.trainableParameters().map(\.name))
        let expected = Set(
            ["q", "k", "v", "o"].flatMap { ["blocks.0.attn.\($0).weight", "blocks.0.attn.\($0).bias"] })
        #expect(names == expected)
    }
}

extension LongTailSelectiveTests {
    /// LT-SFT: after phase 1 every tensor is back at θ₀ and the mask is the brute-force top k of
    /// |θ₁ − θ₀|; after phase 2 only masked entries differ from θ₀.
    @Test func ltsftResetsToTheStartAndKeepsTheEntriesThatMovedMost() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("lt-sft", options: ["density": "0.01"])
        try method.apply(to: model, seed: 0)
        let params = model.trainableParameters().map(\.tensor)
        let theta0 = params.map(\.values)
        let opt = AdamW([ParameterGroup(params)])
        var kept: [Bool] = []
        for step in 0..<4 {
            Tiny.loss(model, seed: UInt64(step)).backward()
            opt.step(lr: 1e-2)
            if step == 1 {  // the end of phase 1: the brute-force choice from θ₁
                let moved = zip(params, theta0).flatMap { t, s in zip(t.values, s).map { Swift.abs($0 - $1) } }
                let k = Int((0.01 * Double(moved.count)).rounded(.down))
                let cut = moved.sorted(by: >)[k - 1]
                kept = moved.map { $0 >= cut }
                #expect(kept.filter { $0 }.count == k)
            }
            method.afterStep(step, total: 4)
            opt.restart(method.restartedTensors(after: step, total: 4))
            if step == 1 { #expect(params.map(\.values) == theta0) }
        }
        let now = params.flatMap(\.values), start = theta0.flatMap { $0 }
        #expect(zip(zip(now, start), kept).allSatisfy { pair, k in k || pair.0 == pair.1 })
        #expect(zip(now, start).contains { $0 != $1 })
        #expect(method.trainableCount(model) == kept.filter { $0 }.count)
    }
}

extension LongTailSelectiveTests {
    /// FAR: after priming the k units that moved most (brute force over each unit's up row, bias
    /// and down column) come first, the reconfiguration leaves the output unchanged, up and down
    /// freeze, and from then on only the deltas (and what lies outside the MLPs) train, so units
    /// k… of up and down never move again; the count drops to N − L(2d + 1)(h − k).
    @Test func farKeepsTheUnitsThatMovedMostAndFreezesTheRest() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("far", options: ["p": "0.25", "priming": "0.5"])
        try method.apply(to: model, seed: 0)
        let blocks = model.transformerBlocks
        let (h, d) = (blocks[0].mlp.up.outFeatures, blocks[0].mlp.up.inFeatures)
        let k = Int((0.25 * Double(h)).rounded(.up))
        let start = blocks.map { ($0.mlp.up.weight.values, $0.mlp.up.bias!.values, $0.mlp.down.weight.values) }
        let opt = AdamW(method.parameterGroups(model, weightDecay: 0)!.map { $0.resolved(runPeak: 1e-2) })
        var learners: [[Int]] = [], afterPriming: [([Float], [Float])] = []
        for step in 0..<4 {
            Tiny.loss(model, seed: UInt64(step)).backward()
            opt.step(lr: 1e-2)
            if step == 1 {  // the end of priming: brute-force scores, then the reconfiguration
                for (b, (w0, b0, v0)) in zip(blocks, start) {
                    let (w, bias, v) = (b.mlp.up.weight.values, b.mlp.up.bias!.values, b.mlp.down.weight.values)
                    let score = (0..<h).map { j in
                        (0..<d).reduce(Double(Swift.abs(bias[j] - b0[j]))) { s, i in
                            s + Double(Swift.abs(w[j * d + i] - w0[j * d + i]))
                                + Double(Swift.abs(v[i * h + j] - v0[i * h + j]))
                        }
                    }
                    learners.append(Array((0..<h).sorted { score[$0] > score[$1] }.prefix(k)).sorted())
                }
                let rows = blocks.map { b in (0..<h).map { j in Array(b.mlp.up.weight.values[(j * d)..<((j + 1) * d)]) }
                }
                let before = withoutGrad { Tiny.output(model).values }
                method.afterStep(step, total: 4)
                #expect(maxAbsDiff(withoutGrad { Tiny.output(model).values }, before) < 1e-5)
                for (bi, b) in blocks.enumerated() {
                    let w = b.mlp.up.weight.values
                    for (to, from) in learners[bi].enumerated() {  // the learners, first, in their order
                        #expect(Array(w[(to * d)..<((to + 1) * d)]) == rows[bi][from])
                    }
                    #expect(!b.mlp.up.weight.requiresGrad && !b.mlp.down.weight.requiresGrad)
                    #expect(!b.mlp.up.bias!.requiresGrad && b.mlp.down.bias!.requiresGrad)
                    afterPriming.append((b.mlp.up.weight.values, b.mlp.down.weight.values))
                }
                let restarted = method.restartedTensors(after: step, total: 4)
                #expect(restarted.count == 3 * blocks.count && restarted.allSatisfy(\.requiresGrad))
                opt.restart(restarted)
            } else {
                method.afterStep(step, total: 4)
            }
        }
        let fullCount = BackboneShape(Tiny.model(.vit, seed: 0)).params  // without the deltas
        let expected = fullCount - blocks.count * (2 * d + 1) * (h - k)
        #expect(method.extras(model).first { $0.name == "reconfigured_trainable" }?.value == Double(expected))
        try method.merge(model)
        for (b, (w, v)) in zip(blocks, afterPriming) {  // after merging, only units 0..<k differ
            let (wm, vm) = (b.mlp.up.weight.values, b.mlp.down.weight.values)
            #expect((k * d..<(h * d)).allSatisfy { wm[$0] == w[$0] })
            #expect((0..<(k * d)).contains { wm[$0] != w[$0] })
            #expect((0..<d).allSatisfy { i in (k..<h).allSatisfy { vm[i * h + $0] == v[i * h + $0] } })
        }
    }
}
