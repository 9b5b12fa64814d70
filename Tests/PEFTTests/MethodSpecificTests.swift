// Behaviours particular to one method.

import Foundation
import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct MethodSpecificTests {
    @Test func doraMagnitudeStartsAtTheRowNormsAndMergedRowsHaveThem() throws {
        let model = Tiny.model(.vit, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let w0 = q.weight.values
        let dora = try makeMethod("dora")
        try dora.apply(to: model, seed: 0)
        let m = try #require(model.namedParameters().first { $0.name.hasSuffix("attn.q.hook.magnitude") }).tensor
        let norms = (0..<64).map { i in
            (0..<64).reduce(Float(0)) { $0 + w0[i * 64 + $1] * w0[i * 64 + $1] }.squareRoot()
        }
        #expect(maxAbsDiff(m.values, norms) < 1e-5)
        train(model, dora)
        try dora.merge(model)
        let w = q.weight.values
        let merged = (0..<64).map { i in (0..<64).reduce(Float(0)) { $0 + w[i * 64 + $1] * w[i * 64 + $1] }.squareRoot()
        }
        #expect(maxAbsDiff(merged, m.values) < 1e-4)
    }

    @Test func oftRotationIsOrthogonalWithDeterminantOne() throws {
        var rng = RNG(seed: 4)
        let theta = Tensor.randn([3, 28], std: 0.5, rng: &rng, requiresGrad: true)
        let r = Orthogonal.cayley(Orthogonal.skewBlocks(theta, block: 8))  // (3, 8, 8)
        let rtr = r.bmm(r, transA: true).values
        for k in 0..<3 {
            for i in 0..<8 { for j in 0..<8 { #expect(Swift.abs(rtr[k * 64 + i * 8 + j] - (i == j ? 1 : 0)) < 1e-5) } }
        }
        for k in 0..<3 { #expect(Swift.abs(determinant(Array(r.values[(k * 64)..<(k * 64 + 64)]), 8) - 1) < 1e-4) }
    }

    @Test func boftProductIsOrthogonalAndOneFactorIsOFT() throws {
        #expect(Set(BOFT.butterfly(32, block: 8, factor: 1)) == Set(0..<32))
        #expect(Array(BOFT.butterfly(16, block: 8, factor: 1).prefix(8)) == [0, 1, 2, 3, 8, 9, 10, 11])
        // R itself: merge into an identity weight after giving every factor random angles.
        var rng = RNG(seed: 3)
        let base = Linear(16, 16, rng: &rng)
        base.weight.assign(eye(16))
        base.weight.requiresGrad = false
        let hook = BOFT.Hook(inFeatures: 16, block: 4, factors: 3)
        for t in hook.thetas { t.assign(Tensor.randn(t.shape, std: 0.4, rng: &rng)) }
        let r = withoutGrad { hook.mergedWeight(base) }
        let rtr = withoutGrad { r.matmul(r, transA: true).values }
        #expect(maxAbsDiff(rtr, eye(16).values) < 1e-5)
        #expect(maxAbsDiff(r.values, eye(16).values) > 0.1, "the factors mix coordinates")
        // m = 1 is OFT: the same angles give the same outputs.
        let (a, b) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
        try makeMethod("boft", options: ["factors": "1"]).apply(to: a, seed: 0)
        try makeMethod("oft").apply(to: b, seed: 0)
        for ((_, p), (_, q)) in zip(a.trainableParameters(), b.trainableParameters()) {
            let v = Tensor.randn(p.shape, std: 0.3, rng: &rng)
            p.assign(v); q.assign(v)
        }
        #expect(withoutGrad { Tiny.output(a).values } == withoutGrad { Tiny.output(b).values })
    }

    @Test func inverseAndItsGradient() {
        var rng = RNG(seed: 8)
        let a = (Tensor.randn([2, 5, 5], std: 0.3, rng: &rng) + eye(5)).copy(requiresGrad: true)
        let prod = withoutGrad { a.bmm(a.inverse()).values }
        let eye = eye(5).values
        #expect(maxAbsDiff(prod, eye + eye) < 1e-5)
        #expect(gradCheck([a], eps: 1e-3, atol: 2e-3) { a.inverse() }.isEmpty)
    }

    @Test func compacterRulesAreOneTensorSharedByEveryAdapter() throws {
        let model = ViT(seed: 0)
        try makeMethod("compacter").apply(to: model, seed: 0)
        let rules = model.namedParameters().filter { $0.name.hasSuffix(".rules") }
        #expect(rules.count == 1 && rules[0].tensor.count == 64)
        let adapters = model.namedModules().compactMap { $0.module as? BottleneckAdapter }
        #expect(adapters.count == 8)
    }

    @Test func fourierFrequenciesAreTheSameInEveryLayerForOneSeed() throws {
        let model = ViT(seed: 0)
        try makeMethod("fourierft").apply(to: model, seed: 0)
        let hooks = model.targetLinears(["q", "v"]).map { $0.linear.hook! }
        #expect(hooks.count == 8)
        let basis = Set(
            hooks.map {
                ObjectIdentifier(Mirror(reflecting: $0).children.first { $0.label == "_basis" }!.value as! Tensor)
            })
        #expect(basis.count == 1)
    }

    @Test func pissaResidualPlusUpdateIsTheBaseWeight() throws {
        let model = ViT(seed: 0)
        let q = model.targetLinears(["q"])[0].linear, up = Tiny.model(.vit, seed: 1).targetLinears(["up"])[0].linear
        let w0 = q.weight.values, w0up = up.weight.values
        try makeMethod("pissa").apply(to: model, seed: 0)
        let hook = try #require(q.hook as? LowRankHook)
        let rebuilt = (q.weight + hook.delta()).values
        let scale = w0.map { Swift.abs($0) }.max()!
        #expect(maxAbsDiff(rebuilt, w0) <= 1e-5 * scale)
        #expect(q.weight.values != w0, "the residual replaces W₀")
        // The update holds the top-r directions: its Frobenius norm² is the sum of the top 8 σ².
        let svd = SVD(w0.map(Double.init), rows: 64, cols: 64)
        let energy = hook.delta().values.reduce(0) { $0 + Double($1) * Double($1) }
        #expect(Swift.abs(energy - svd.sigma.prefix(8).reduce(0) { $0 + $1 * $1 }) < 1e-3 * energy)
        // A rectangular (256, 64) weight decomposes too: U Σ Vᵀ rebuilds it.
        let s = SVD(w0up.map(Double.init), rows: 256, cols: 64)
        let back = (0..<(256 * 64)).map { idx in
            (0..<s.k).reduce(0.0) { $0 + s.u[(idx / 64) * s.k + $1] * s.sigma[$1] * s.v[(idx % 64) * s.k + $1] }
        }
        #expect(maxAbsDiff(back.map(Float.init), w0up) < 1e-5)
    }

    @Test func unipeltGatesLieInZeroOneAndAClosedGateRemovesItsPart() throws {
        let model = Tiny.model(.lm, seed: 0)
        try makeMethod("unipelt").apply(to: model, seed: 0)
        let prefixOnly = withoutGrad { Tiny.output(model).values }  // LoRA's B and the adapter's W_up start at 0
        var seen = Set<ObjectIdentifier>()
        let gates = model.namedModules().filter { $0.name.hasSuffix(".gate") }
            .filter { seen.insert(ObjectIdentifier($0.module)).inserted }
        #expect(gates.count == 3)  // one block: LoRA (shared by q and v), adapter, prefix
        var rng = RNG(seed: 1)
        let h = Tensor.randn([5, 64], rng: &rng)
        #expect(
            gates.allSatisfy { g in
                withoutGrad { (g.module as! Linear)(h).sigmoid().values }.allSatisfy { $0 > 0 && $0 < 1 }
            })
        // Give LoRA and the adapter non-zero updates, then close their gates: they vanish exactly.
        for (name, t) in model.trainableParameters() where name.hasSuffix("lowRank.b") || name.hasSuffix("wUp") {
            t.assign(Tensor.randn(t.shape, std: 0.5, rng: &rng))
        }
        #expect(maxAbsDiff(withoutGrad { Tiny.output(model).values }, prefixOnly) > 1e-2)
        for (name, g) in gates where !name.contains("prefix") {
            let gate = g as! Linear
            gate.weight.assign(.zeros(gate.weight.shape))
            gate.bias!.assign(.full([1], -1e4))
        }
        #expect(maxAbsDiff(withoutGrad { Tiny.output(model).values }, prefixOnly) < 1e-6)
    }

    @Test func fishmaskIsTheTopKOfPerExampleSquaredGradients() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("fishmask", options: ["density": "0.01", "fisher_examples": "3"])
        try method.apply(to: model, seed: 0)
        try method.prepare(model, exampleCount: 3) { Tiny.loss(model, seed: UInt64($0)) }
        // Brute force: per-example gradients, squared, summed; and the squared mean gradient.
        let params = model.trainableParameters().map(\.tensor)
        var fisher = params.map { [Double](repeating: 0, count: $0.count) }
        var mean = fisher
        for i in 0..<3 {
            for p in params { p.grad = nil }
            Tiny.loss(model, seed: UInt64(i)).backward()
            for (j, p) in params.enumerated() {
                for e in 0..<p.count {
                    let g = Double(p.grad!.data[e])
                    fisher[j][e] += g * g
                    mean[j][e] += g / 3
                }
            }
        }
        for p in params { p.grad = nil }
        let k = Int(0.01 * Double(params.reduce(0) { $0 + $1.count }))
        let expected = FixedMask.topK(fisher, k)
        #expect(params.enumerated().allSatisfy { method.trainableMask($0.element)! == expected[$0.offset] })
        #expect(method.trainableCount(model) == k)
        let squaredMean = FixedMask.topK(mean.map { $0.map { $0 * $0 } }, k)
        #expect(squaredMean != expected, "the Fisher of per-example gradients is not the squared mean gradient")
    }

    @Test func adaloraEndsAtItsTargetBudgetWithACubicSchedule() throws {
        let model = ViT(seed: 0)
        let method = try #require(try makeMethod("adalora") as? AdaLoRA)
        try method.apply(to: model, seed: 0)
        let steps = 40
        let budgets = (0..<steps).map { method.budget(step: $0, total: steps) }
        #expect(budgets.first == 96 && budgets.last == 64 && zip(budgets, budgets.dropFirst()).allSatisfy { $0 >= $1 })
        // Cubic between t_init = 4 and T − t_final − 1 = 31: b = 64 + ⌊32·(1 − (t − 4)/27)³⌋.
        #expect(budgets[4] == 96 && budgets[13] == 64 + Int((32 * pow(1 - 9.0 / 27, 3)).rounded(.down)))
        let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
        var penalties: [Float] = []
        for step in 0..<steps {
            let reg = try #require(method.regularizer())
            penalties.append(reg.item)
            (Tiny.loss(model) + reg).backward()
            method.afterBackward(step, total: steps)
            opt.step(lr: 1e-2)
            method.afterStep(step, total: steps)
        }
        let nonzero = model.namedParameters().filter { $0.name.hasSuffix("hook.lambda") }.reduce(0) {
            $0 + $1.tensor.values.filter { $0 != 0 }.count
        }
        #expect(nonzero == 64)
        #expect(
            penalties.last! < 0.5 * penalties.first!, "orthogonality penalty \(penalties.first!) → \(penalties.last!)")
    }

    @Test func diffPruningPenaltyReducesNonZerosAndProjectionKeepsTheTopFraction() throws {
        func run(lambda: String) throws -> (DiffPruning, Module, [Float]) {
            let model = Tiny.model(.vit, seed: 0)
            let base = model.namedParameters().flatMap { $0.tensor.values }
            let method = try #require(
                try makeMethod("diff-pruning", options: ["lambda": lambda, "target": "0.01"]) as? DiffPruning)
            try method.apply(to: model, seed: 0)
            train(model, method, steps: 30, lr: 5e-2)
            return (method, model, base)
        }
        let (free, _, _) = try run(lambda: "0")
        let (weak, _, _) = try run(lambda: "20")
        let (strong, model, base) = try run(lambda: "200")
        #expect(strong.expectedNonZeros < weak.expectedNonZeros && weak.expectedNonZeros < free.expectedNonZeros)
        let changed = zip(base, model.namedParameters().flatMap { $0.tensor.values }).filter { $0 != $1 }.count
        let n = strong.trainableCount(model) / 2
        #expect(changed > 0 && changed <= Int((0.01 * Double(n)).rounded(.up)), "changed \(changed) of \(n)")
    }

    /// After the projection the mask is fixed: the re-training steps move only the kept entries,
    /// and every other entry stays at θ₀.
    @Test func diffPruningRetrainsOnlyTheProjectedEntries() throws {
        let model = Tiny.model(.vit, seed: 0)
        let base = model.namedParameters().flatMap { $0.tensor.values }
        let method = try #require(
            try makeMethod("diff-pruning", options: ["target": "0.01", "retrain": "0.5"]) as? DiffPruning)
        try method.apply(to: model, seed: 0)
        let opt = AdamW(method.parameterGroups(model, weightDecay: 0)!)
        let total = 20
        var atProjection: [Float] = []
        for step in 0..<total {
            Tiny.loss(model).backward()
            method.afterBackward(step, total: total)
            opt.step(lr: 5e-2)
            method.afterStep(step, total: total)
            if step == total - 1 - 10 { atProjection = model.namedParameters().flatMap { $0.tensor.values } }
        }
        let final = model.namedParameters().flatMap { $0.tensor.values }
        let kept = zip(base, atProjection).map { $0 != $1 }
        let n = method.trainableCount(model) / 2
        #expect(kept.filter { $0 }.count > 0 && kept.filter { $0 }.count <= Int((0.01 * Double(n)).rounded(.up)))
        #expect(zip(kept, zip(base, final)).allSatisfy { k, v in k || v.0 == v.1 }, "unkept entries stay at θ₀")
        #expect(
            zip(kept, zip(atProjection, final)).contains { k, v in k && v.0 != v.1 }, "re-training moves kept entries")
    }

    @Test func torchRandpermIsReproducedBitForBit() {
        // Values printed by torch.randperm(n, generator=torch.Generator().manual_seed(777)), PyTorch 2.15.
        #expect(torchRandperm(10, seed: 777) == [5, 9, 0, 3, 1, 7, 4, 8, 6, 2])
        #expect(Array(torchRandperm(4_096, seed: 777).prefix(8)) == [2151, 945, 3161, 4091, 1983, 1566, 3683, 2858])
    }

    @Test func aMethodWithoutItsSiteReportsUnsupported() throws {
        final class Bare: Module { let w = Tensor.zeros([3], requiresGrad: true) }
        for name in ["prompt-tuning", "lora", "houlsby", "prefix-tuning", "partial"] {
            do {
                try makeMethod(name).apply(to: Bare(), seed: 0)
                Issue.record("\(name) applied to a model without its site")
            } catch let e as MethodError {
                guard case .unsupported = e else { Issue.record("\(name): \(e)"); continue }
            }
        }
    }

    @Test func prefixTuningStoresOnlyTheComputedPrefixAndItReproducesTheModel() throws {
        for kind in BackboneKind.allCases {
            let (model, method, _) = try adapted("prefix-tuning", kind)
            train(model, method)
            let stored = try #require(method.storedTensors(model))
            #expect(
                stored.count == 2 && stored.values.allSatisfy { $0.shape == [8, 64] },
                "one block: keys and values, l × d")
            #expect(!stored.keys.contains { $0.contains("encoder") })
            let rebuilt = Tiny.model(kind, seed: 0)
            try makeMethod("p-tuning-v2").apply(to: rebuilt, seed: 9)
            try rebuilt.load(try Safetensors.decode(Safetensors.encode(stored)).tensors, strict: false)
            #expect(
                maxAbsDiff(withoutGrad { Tiny.output(rebuilt).values }, withoutGrad { Tiny.output(model).values })
                    < 1e-6, "\(kind)")
        }
    }

    /// PEFT views `prompt_embeddings` (l, 2Ld) as (l, 2L, heads, d/heads): row j, slot 2i is
    /// block i's key j and slot 2i+1 its value j, for both prefix methods.
    @Test func prefixExportIsPEFTsPastKeyValuesLayout() throws {
        for name in ["prefix-tuning", "p-tuning-v2"] {
            var c = LMConfig(); c.depth = 2; c.dim = 64; c.hidden = 256; c.context = 8; c.vocab = 32
            let model = LM(c, seed: 0)
            let method = try makeMethod(name, options: ["l": "3"]) as! any PEFTExportable
            try method.apply(to: model, seed: 1)
            let (tensors, config) = try method.peftExport(model)
            let table = try #require(tensors["prompt_embeddings"])
            #expect(
                table.shape == [3, 2 * 2 * 64] && config["num_layers"] == .int(2)
                    && config["num_virtual_tokens"] == .int(3))
            #expect(config["peft_type"] == .string("PREFIX_TUNING") && config["prefix_projection"] == .bool(false))
            for (i, block) in model.blocks.enumerated() {
                let (k, v) = withoutGrad { block.attn.prefix!.keysValues(for: .zeros([1, 1, 64])) }
                for j in 0..<3 {
                    let row = Array(table.values[(j * 256)..<((j + 1) * 256)])
                    #expect(
                        Array(row[(2 * i * 64)..<((2 * i + 1) * 64)]) == Array(k.values[(j * 64)..<((j + 1) * 64)]),
                        "\(name) block \(i) key \(j)")
                    #expect(
                        Array(row[((2 * i + 1) * 64)..<((2 * i + 2) * 64)])
                            == Array(v.values[(j * 64)..<((j + 1) * 64)]))
                }
            }
        }
    }

    /// Past 2²⁴ entries (minilm has 22.6M) a position needs the high bits Float32 cannot hold.
    @Test func sparseDeltaPositionsPastFloat32sExactRangeAreExact() {
        let big = Tensor.zeros([(1 << 24) - 3]), small = Tensor([0, 5, 0, 7, 9], shape: [5])
        let stored = sparseDelta([(big, big.values), (small, [0, 0, 0, 1, 9])])
        let (low, high) = (stored["delta.indices"]!.values, stored["delta.indices_high"]!.values)
        #expect(zip(low, high).map { Int($0) + (Int($1) << 24) } == [(1 << 24) - 2, 1 << 24])
        #expect(stored["delta.values"]!.values == [5, 6])
    }

    @Test func sparseMethodsStoreOnlyTheirChangedEntries() throws {
        for name in ["diff-pruning", "fishmask"] {
            let model = Tiny.model(.vit, seed: 0)
            let base = model.namedParameters().filter { !$0.name.hasPrefix("head.") }.flatMap { $0.tensor.values }
            let method = try makeMethod(
                name, options: name == "diff-pruning" ? ["target": "0.01"] : ["density": "0.01"])
            try method.apply(to: model, seed: 0)
            try method.prepare(model, exampleCount: 4) { Tiny.loss(model, seed: UInt64($0)) }
            train(model, method, steps: 5)
            let now = model.namedParameters().filter { !$0.name.hasPrefix("head.") }.flatMap { $0.tensor.values }
            let changed = zip(base, now).enumerated().filter { $0.element.0 != $0.element.1 }
            let stored = try #require(method.storedTensors(model))
            let (idx, val) = (try #require(stored["delta.indices"]).values, try #require(stored["delta.values"]).values)
            #expect(stored["delta.indices_high"] == nil, "\(name): positions below 2²⁴ need no high bits")
            #expect(idx.map { Int($0) } == changed.map(\.offset), "\(name)")
            #expect(zip(val, changed).allSatisfy { $0 == $1.element.1 - $1.element.0 }, "\(name)")
        }
    }

    @Test func lmPromptTokensComeFirstAndTextKeepsItsPositions() throws {
        let lm = try #require(Tiny.model(.lm, seed: 0) as? LM)
        try makeMethod("prompt-tuning").apply(to: lm, seed: 0)
        let ids = [3, 1, 4, 1, 5, 9], t = ids.count
        let p = try #require(lm.prompt).tokens()  // (8, 64)
        let manual = withoutGrad { () -> [Float] in
            var x = Tensor.concat(
                [p.reshaped([1, 8, 64]), lm.embed(ids, shape: [1, t]) + lm.pos.slice(axis: 0, 0..<t)], axis: 1)
            for block in lm.blocks { x = block(x) }
            return lm.head(lm.ln_f(x.slice(axis: 1, 8..<(8 + t)))).values
        }
        #expect(withoutGrad { lm(ids, batch: 1, length: t).values } == manual)
    }

    @Test func everyLMPositionAttendsToEveryPrefixSlot() throws {
        let lm = try #require(Tiny.model(.lm, seed: 0) as? LM)
        try makeMethod("p-tuning-v2").apply(to: lm, seed: 0)
        // The first text position sees no other text under the causal mask, yet all l prefix slots.
        lm(Array(0..<8), batch: 1, length: 8).slice(axis: 1, 0..<1).sum().backward()
        let keys = try #require(lm.namedParameters().first { $0.name.hasSuffix("prefix.keys") }).tensor
        let g = try #require(keys.grad).values
        #expect((0..<8).allSatisfy { slot in g[(slot * 64)..<(slot * 64 + 64)].contains { $0 != 0 } })
    }

    @Test func rsloraScalesByAlphaOverRootR() throws {
        let model = ViT(seed: 0)
        try makeMethod("rslora", options: ["r": "4", "alpha": "8"]).apply(to: model, seed: 0)
        let hook = try #require(model.targetLinears(["q"])[0].linear.hook as? LowRankHook)
        #expect(hook.scale == 4)
    }
}

/// Determinant by Gaussian elimination with partial pivoting (Double).
func determinant(_ m: [Float], _ n: Int) -> Double {
    var a = m.map(Double.init), det = 1.0
    for c in 0..<n {
        let p = (c..<n).max { Swift.abs(a[$0 * n + c]) < Swift.abs(a[$1 * n + c]) }!
        if p != c { for j in 0..<n { a.swapAt(p * n + j, c * n + j) }; det = -det }
        det *= a[c * n + c]
        for r in (c + 1)..<n {
            let f = a[r * n + c] / a[c * n + c]
            for j in c..<n { a[r * n + j] -= f * a[c * n + j] }
        }
    }
    return det
}

/// The n×n identity.
func eye(_ n: Int) -> Tensor { Tensor((0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }, shape: [n, n]) }
