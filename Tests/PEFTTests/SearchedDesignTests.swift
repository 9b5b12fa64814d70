// ProPETL's shared prototype and straight-through masks, S4's spindle groups, GLoRA's forms
// against a loop reference, its sampled training and its search (the contract tests cover the
// rest; their one-block models put S4's single block in G3, and never search GLoRA).

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
    }

    /// The scores train at score_ratio × the rate, every other trainable tensor in the usual
    /// groups, each tensor in exactly one group; training moves the masks.
    @Test func propetlScoresTrainFasterAndTheMasksMove() throws {
        let model = fourBlocks()
        let method = try #require(try makeMethod("propetl", options: ["score_ratio": "20"]) as? ProPETL)
        try method.apply(to: model, seed: 1)
        let groups = try #require(method.parameterGroups(model, weightDecay: 0.1))
        let ids = groups.flatMap { $0.parameters.map(ObjectIdentifier.init) }
        #expect(
            ids.count == Set(ids).count
                && Set(ids) == Set(model.trainableParameters().map { ObjectIdentifier($0.tensor) }))
        let scores = method.scores
        #expect(
            groups.filter { $0.lrScale == 20 }.flatMap { $0.parameters.map(ObjectIdentifier.init) }.sorted {
                "\($0)" < "\($1)"
            } == scores.sorted { "\($0)" < "\($1)" })
        train(model, method, steps: 5, lr: 0.05)
        #expect(method.extras(model).first { $0.name == "mask_changed" }.map { $0.value > 0 } == true)
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

    /// Every one of the 432 form combinations of a GLoRA layer against loops over
    /// W₀ + W₀ ⊙ A + B and b₀ + b₀ ⊙ D + E + W₀C, unmerged and merged.
    @Test func gloraFormsMatchTheLoopReference() {
        let (n, m, r) = (5, 3, 2)
        var rng = RNG(seed: 4)
        let base = Linear(n, m, rng: &rng)
        let hook = GLoRA.Hook(inFeatures: n, outFeatures: m, rank: r, sampler: .init(seed: 0), rng: &rng)
        randomizeTrainable(hook)
        base.hook = hook
        let x = Tensor.uniform([2, n], -1, 1, rng: &rng)
        let (w0, b0) = (base.weight.values, base.bias!.values)
        let v = { (t: Tensor) in t.values }
        let (ad, au, bd, bu, cd, cu, d, e) = (
            v(hook.ad), v(hook.au), v(hook.bd), v(hook.bu), v(hook.cd), v(hook.cu), v(hook.d), v(hook.e)
        )
        func matrix(_ f: GLoRA.Hook.Form, _ down: [Float], _ up: [Float], _ i: Int, _ j: Int) -> Float {
            switch f {
            case .lowRank: (0..<r).map { down[i * r + $0] * up[$0 * n + j] }.reduce(0, +)
            case .vector: down[i * r]
            case .scalar: down[0]
            case .none: 0
            }
        }
        func c(_ f: GLoRA.Hook.Form, _ j: Int) -> Float {
            f == .lowRank ? (0..<r).map { cd[j * r + $0] * cu[$0] }.reduce(0, +) : f == .vector ? cd[j * r] : 0
        }
        func vec(_ f: GLoRA.Hook.Form, _ t: [Float], _ i: Int) -> Float {
            f == .vector ? t[i] : f == .scalar ? t[0] : 0
        }
        var combos = [[Int]()]
        for forms in GLoRA.Hook.forms { combos = combos.flatMap { c in forms.indices.map { c + [$0] } } }
        #expect(combos.count == 432)
        for choice in combos {
            hook.choice = choice
            let f = zip(GLoRA.Hook.forms, choice).map { $0.0[$0.1] }
            var w = [Float](repeating: 0, count: m * n), b = [Float](repeating: 0, count: m)
            for i in 0..<m {
                for j in 0..<n {
                    w[i * n + j] = w0[i * n + j] * (1 + matrix(f[0], ad, au, i, j)) + matrix(f[1], bd, bu, i, j)
                }
                var wc: Float = 0
                for j in 0..<n { wc += w0[i * n + j] * c(f[2], j) }
                b[i] = b0[i] * (1 + vec(f[3], d, i)) + vec(f[4], e, i) + wc
            }
            let xs = x.values
            var reference = [Float](repeating: 0, count: 2 * m)
            for row in 0..<2 {
                for i in 0..<m {
                    var sum = b[i]
                    for j in 0..<n { sum += w[i * n + j] * xs[row * n + j] }
                    reference[row * m + i] = sum
                }
            }
            #expect(maxAbsDiff(withoutGrad { base(x).values }, reference) < 1e-5, "\(choice)")
            #expect(
                maxAbsDiff(hook.mergedWeight(base).values, w) < 1e-5
                    && maxAbsDiff(hook.mergedBias(base)!.values, b) < 1e-5)
        }
    }

    /// Training draws the forms afresh at every forward pass (from the seed); evaluation uses the choice.
    @Test func gloraSamplesFormsInTrainingOnly() throws {
        let model = fourBlocks()
        try makeMethod("glora").apply(to: model, seed: 0)
        randomizeTrainable(model)
        let eval = withoutGrad { Tiny.output(model).values }
        #expect(withoutGrad { Tiny.output(model).values } == eval)
        model.train(true)
        let (first, second) = (withoutGrad { Tiny.output(model).values }, withoutGrad { Tiny.output(model).values })
        #expect(first != second && first != eval)
        let again = fourBlocks()
        try makeMethod("glora").apply(to: again, seed: 0)
        randomizeTrainable(again)
        again.train(true)
        #expect(withoutGrad { Tiny.output(again).values } == first)
        // The ablations: sample=false trains the largest forms; search=false keeps them.
        let fixed = fourBlocks()
        let method = try makeMethod("glora", options: ["sample": "false", "search": "false"])
        try method.apply(to: fixed, seed: 0)
        randomizeTrainable(fixed)
        let largest = withoutGrad { Tiny.output(fixed).values }
        fixed.train(true)
        #expect(withoutGrad { Tiny.output(fixed).values } == largest)
        fixed.train(false)
        #expect(try method.search(fixed) { 0 } == 0 && withoutGrad { Tiny.output(fixed).values } == largest)
    }

    /// The search improves on its random start, keeps to the legal genomes and repeats for a seed.
    @Test func evolutionarySearchImprovesLegallyAndRepeats() {
        let legal = { (g: [Int]) in g[0] != 0 }
        let score = { (g: [Int]) -> Double in  // the best genome is all zeros; only legal ones are scored
            #expect(legal(g))
            return Double(g.reduce(0, +))
        }
        func run(_ generations: Int, seed: UInt64 = 1) -> (best: [Int], score: Double, evaluations: Int) {
            EvolutionarySearch(
                arity: [Int](repeating: 4, count: 12), population: 16, generations: generations, parents: 4,
                mutation: 0.2
            )
            .run(seed: seed, legal: legal, score: score)
        }
        let (start, evolved) = (run(0), run(6))
        #expect(start.evaluations == 16 && evolved.evaluations > 16)
        #expect(evolved.score < start.score && evolved.best[0] != 0)
        #expect(run(6).best == evolved.best && run(6, seed: 2).evaluations > 16)
        let nan = EvolutionarySearch(arity: [2], population: 2, generations: 0, parents: 1, mutation: 0.5)
            .run(seed: 1, legal: { _ in true }) { $0 == [0] ? .nan : 1 }
        #expect(nan.evaluations == 2 && nan.best == [1] && nan.score == 1, "a NaN score never wins")
    }

    /// GLoRA has no α: the LoRA family's option is refused, not silently ignored.
    @Test func gloraRefusesAlpha() {
        #expect(throws: MethodError.self) { try makeMethod("glora", options: ["alpha": "16"]) }
    }

    /// GLoRA's search on a model: the same choices for the same seed, within the budget, its cost
    /// and choice in the extras, and the chosen subnet merges.
    @Test func gloraSearchIsDeterministicWithinItsBudget() throws {
        func searched() throws -> (Module, GLoRA, Int) {
            let model = fourBlocks()
            let method = try #require(try makeMethod("glora", options: ["generations": "2"]) as? GLoRA)
            try method.apply(to: model, seed: 7)
            randomizeTrainable(model)
            let n = try method.search(model) { withoutGrad { Double(Tiny.loss(model).item) } }
            return (model, method, n)
        }
        let ((a, method, n), (b, _, _)) = (try searched(), try searched())
        let choices = { (m: Module) in hooks(m, GLoRA.Hook.self).map(\.hook.choice) }
        #expect(n > 16 && choices(a) == choices(b))
        let extras = Dictionary(uniqueKeysWithValues: method.extras(a))
        let supernet = Double(GLoRA.expectedTrainable(BackboneShape(a)))
        #expect(extras["chosen_params"]! > 0 && extras["chosen_params"]! <= 0.6 * supernet)
        #expect(extras["search_val_loss"] == withoutGrad { Double(Tiny.loss(a).item) })
        let unmerged = withoutGrad { Tiny.output(a).values }
        try method.merge(a)
        #expect(maxAbsDiff(withoutGrad { Tiny.output(a).values }, unmerged) < 1e-4)
    }
}
