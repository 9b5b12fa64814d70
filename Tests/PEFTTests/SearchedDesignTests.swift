// ProPETL's shared prototype and straight-through masks, and S4's spindle groups (the contract
// tests cover the rest; their one-block models put S4's single block in G3).

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct SearchedDesignTests {
    /// Four blocks of the vit's shape (d = 64), three classes.
    func fourBlocks(seed: UInt64 = 0) -> ViT {
        var c = ViTConfig()
        c.classes = 3
        return ViT(c, seed: seed)
    }

    /// Forward W ⊙ M with M the top half of |S|; W's gradient c ⊙ M, the scores' sign(S) ⊙ c ⊙ W.
    @Test func propetlMaskPassesTheStraightThroughGradient() {
        var rng = RNG(seed: 3)
        let w = Tensor.uniform([4, 6], -1, 1, rng: &rng, requiresGrad: true)
        let s = Tensor.uniform([4, 6], -1, 1, rng: &rng, requiresGrad: true)
        let c = Tensor.uniform([4, 6], -1, 1, rng: &rng)
        let y = ProPETL.MaskedAdapter.masked(w, by: s, density: 0.5)
        (y * c).sum().backward()
        let (sv, wv, cv) = (s.values, w.values, c.values)
        let kept = Set(sv.indices.sorted { Swift.abs(sv[$0]) > Swift.abs(sv[$1]) }.prefix(12))
        for e in 0..<24 {
            let m: Float = kept.contains(e) ? 1 : 0
            #expect(y.values[e] == wv[e] * m)
            #expect(Swift.abs(w.grad!.values[e] - cv[e] * m) < 1e-6)
            #expect(Swift.abs(s.grad!.values[e] - (sv[e] < 0 ? -1 : 1) * cv[e] * wv[e]) < 1e-6)
        }
    }

    /// At density 1 every block uses the whole prototype: one adapter shared by all blocks,
    /// counted once; the prototype's gradient is exact (finite differences).
    @Test func propetlAtFullDensityIsOneSharedAdapter() throws {
        let model = fourBlocks()
        let method = try #require(try makeMethod("propetl", options: ["density": "1"]) as? ProPETL)
        try method.apply(to: model, seed: 1)
        randomizeTrainable(model)
        let prototype = method.adapters[0].prototype
        #expect(method.adapters.allSatisfy { $0.prototype === prototype })
        let plain = fourBlocks()
        for b in plain.blocks { b.mlp.adapter = prototype }
        #expect(withoutGrad { Tiny.output(plain).values } == withoutGrad { Tiny.output(model).values })
        let (d, m) = (64, 8)  // the runner, not the method, unfreezes the head
        #expect(method.trainableCount(model) == 2 * d * m + m + d + 4 * 2 * d * m)
        let weights = [prototype.weights.down(), prototype.weights.up(), prototype.downBias, prototype.upBias]
        #expect(gradCheck(weights, eps: 1e-2, atol: 3e-3, rtol: 5e-2, maxPerInput: 8) { Tiny.loss(model) }.isEmpty)
    }

    /// Half of each mask is kept; blocks start with different masks; what is stored is the
    /// prototype and one bit per mask entry, never the scores.
    @Test func propetlKeepsHalfOfEachMaskAndStoresBits() throws {
        let model = fourBlocks()
        let method = try #require(try makeMethod("propetl") as? ProPETL)
        try method.apply(to: model, seed: 1)
        let masks = method.adapters.map(\.maskBits)
        #expect(masks.allSatisfy { $0.count == 2 * 64 * 8 && $0.filter { $0 == 1 }.count == 64 * 8 })
        #expect(masks[0] != masks[1])
        let stored = try #require(method.storedTensors(model))
        #expect(stored.keys.filter { $0.hasSuffix("mask_bits") }.count == 4)
        #expect(stored["blocks.2.mlp.adapter.mask_bits"]?.count == 2 * 64 * 8 / 32)
        #expect(!stored.keys.contains { $0.contains("Scores") })
        #expect(method.extras(model).first { $0.name == "mask_changed" }?.value == 0)
    }

    @Test func s4SpindleGroups() {
        #expect(S4.spindle(blocks: 4) == [0, 1, 2, 3])
        #expect(S4.spindle(blocks: 6) == [0, 1, 1, 2, 2, 3])
        #expect(S4.spindle(blocks: 12) == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3])
        #expect(S4.spindle(blocks: 1) == [2])
    }

    /// On four blocks each block carries exactly its group's parts, and the count is the formula's.
    @Test func s4AttachesEachGroupsStrategies() throws {
        let model = fourBlocks()
        let method = try makeMethod("s4")
        try method.apply(to: model, seed: 0)
        let b = model.blocks
        let has = { (i: Int) in
            (
                adapter: b[i].mlp.adapter != nil, prefix: b[i].attn.prefix != nil,
                bitfit: b[i].attn.q.bias?.requiresGrad == true && b[i].ln2.bias.requiresGrad,
                lora: b[i].attn.q.hook is LowRankHook && b[i].attn.v.hook is LowRankHook && b[i].attn.k.hook == nil
            )
        }
        #expect(has(0) == (true, false, false, true))
        #expect(has(1) == (true, true, false, false))
        #expect(has(2) == (true, true, true, false))
        #expect(has(3) == (false, true, true, true))
        #expect(method.trainableCount(model) { $0.hasPrefix("head.") } == S4.expectedTrainable(BackboneShape(model)))
    }

    /// With every group set to LoRA, S4 is LoRA on q and v: the same factors from the same seed,
    /// the same outputs after the same training.
    @Test func s4WithLoRAInEveryGroupIsLoRA() throws {
        let (a, b) = (fourBlocks(), fourBlocks())
        let s4 = try makeMethod("s4", options: ["g1": "lora", "g2": "lora", "g3": "lora", "g4": "lora"])
        let lora = try makeMethod("lora")
        try s4.apply(to: a, seed: 3)
        try lora.apply(to: b, seed: 3)
        train(a, s4)
        train(b, lora)
        #expect(withoutGrad { Tiny.output(a).values } == withoutGrad { Tiny.output(b).values })
    }
}
