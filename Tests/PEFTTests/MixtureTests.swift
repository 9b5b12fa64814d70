// Behaviours particular to the mixture-of-experts methods (the contract tests cover the rest):
// the stacked MoLoRA product against the expert-by-expert sum, one expert reducing each method
// to its plain one (MoLoRA → LoRA, MoV → (IA)³, MoSLoRA with M = I → LoRA), the routers'
// load-balance record, AdaMix's stochastic routing, its averaged adapter and its consistency term.

import Foundation
import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct MixtureTests {
    @Test func moloraStackedProductIsTheExpertSum() throws {
        let model = Tiny.model(.vit, seed: 0)
        try makeMethod("molora").apply(to: model, seed: 0)
        randomizeTrainable(model)
        var rng = RNG(seed: 3)
        let x = Tensor.uniform([2, 5, 64], -1, 1, rng: &rng)
        for (_, linear) in model.targetLinears(["q", "v"]) {
            let hook = try #require(linear.hook as? MoLoRA.Hook)
            #expect(maxAbsDiff(withoutGrad { hook.update(x) }.values, withoutGrad { hook.slowUpdate(x) }.values) < 1e-5)
        }
    }

    /// With one expert the router's softmax is 1: MoLoRA is LoRA with the same factors, MoV is
    /// (IA)³ with the same vectors.
    @Test func oneExpertIsThePlainMethod() throws {
        let (mixed, plain) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
        try makeMethod("molora", options: ["experts": "1", "r": "4", "alpha": "8", "targets": "q,v"]).apply(
            to: mixed, seed: 0)
        try makeMethod("lora", options: ["r": "4", "alpha": "8"]).apply(to: plain, seed: 0)
        randomizeTrainable(mixed)
        for ((_, m), (_, p)) in zip(mixed.targetLinears(["q", "v"]), plain.targetLinears(["q", "v"])) {
            let (mh, ph) = (m.hook as! MoLoRA.Hook, p.hook as! LowRankHook)
            ph.a.assign(mh.a)
            ph.b.assign(mh.b)
        }
        #expect(maxAbsDiff(withoutGrad { Tiny.output(mixed).values }, withoutGrad { Tiny.output(plain).values }) < 1e-5)

        let (mov, ia3) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
        try makeMethod("mov", options: ["experts": "1"]).apply(to: mov, seed: 0)
        try makeMethod("ia3").apply(to: ia3, seed: 0)
        randomizeTrainable(mov)
        for name in ["k", "v", "down"] {
            let (m, p) = (mov.targetLinears([name])[0].linear, ia3.targetLinears([name])[0].linear)
            let vectors = (m.hook as! MoV.Hook).vectors
            if let out = p.hook as? IA3.OutputScale { out.scale.assign(vectors.reshaped([vectors.count])) }
            if let input = p.hook as? IA3.InputScale { input.scale.assign(vectors.reshaped([vectors.count])) }
        }
        #expect(maxAbsDiff(withoutGrad { Tiny.output(mov).values }, withoutGrad { Tiny.output(ia3).values }) < 1e-5)
    }

    @Test func hydraloraStackedProductIsTheHeadSum() throws {
        let model = Tiny.model(.lm, seed: 0)
        try makeMethod("hydralora").apply(to: model, seed: 0)
        randomizeTrainable(model)
        var rng = RNG(seed: 3)
        let x = Tensor.uniform([2, 5, 64], -1, 1, rng: &rng)
        for (_, linear) in model.targetLinears(["q", "v"]) {
            let hook = try #require(linear.hook as? HydraLoRA.Hook)
            #expect(hook.a.shape == [8, 64] && hook.b.shape == [64, 24])
            #expect(maxAbsDiff(withoutGrad { hook.update(x) }.values, withoutGrad { hook.slowUpdate(x) }.values) < 1e-5)
        }
    }

    /// One head is LoRA with the same factors; heads that all hold LoRA's B are LoRA too (the
    /// router's weights sum to 1), whatever the router.
    @Test func hydraloraWithOneOrEqualHeadsIsLoRA() throws {
        for heads in [1, 3] {
            let (mixed, plain) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
            try makeMethod("hydralora", options: ["heads": "\(heads)"]).apply(to: mixed, seed: 0)
            try makeMethod("lora").apply(to: plain, seed: 0)
            randomizeTrainable(plain)
            randomizeTrainable(mixed)  // the routers too
            for ((_, m), (_, p)) in zip(mixed.targetLinears(["q", "v"]), plain.targetLinears(["q", "v"])) {
                let (mh, ph) = (m.hook as! HydraLoRA.Hook, p.hook as! LowRankHook)
                mh.a.assign(ph.a)
                mh.b.assign(Tensor.concat([Tensor](repeating: ph.b, count: heads), axis: 1))
            }
            let (y, z) = (withoutGrad { Tiny.output(mixed).values }, withoutGrad { Tiny.output(plain).values })
            #expect(maxAbsDiff(y, z) < 1e-5, "\(heads) heads")
        }
    }

    @Test func mosloraWithTheIdentityMixerIsLoRA() throws {
        let (mixed, plain) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
        try makeMethod("moslora").apply(to: mixed, seed: 0)
        try makeMethod("lora").apply(to: plain, seed: 0)
        randomizeTrainable(mixed)
        for ((_, m), (_, p)) in zip(mixed.targetLinears(["q", "v"]), plain.targetLinears(["q", "v"])) {
            let (mh, ph) = (m.hook as! MoSLoRA.Hook, p.hook as! LowRankHook)
            mh.mixer.assign(Tensor((0..<64).map { $0 / 8 == $0 % 8 ? 1 : 0 }, shape: [8, 8]))
            ph.a.assign(mh.a)
            ph.b.assign(mh.b)
        }
        #expect(maxAbsDiff(withoutGrad { Tiny.output(mixed).values }, withoutGrad { Tiny.output(plain).values }) < 1e-5)
    }

    /// Passes outside training add up each expert's share: after one pass of x (…, in) the
    /// shares are the mean over tokens of softmax(x W_gᵀ); training passes add nothing. The
    /// methods' balance is the normalised entropy of those shares.
    @Test func routersRecordTheirLoadOutsideTraining() throws {
        var rng = RNG(seed: 6)
        let router = SoftRouter(experts: 4, inFeatures: 8, rng: &rng)
        for e in 0..<router.weight.count { router.weight.data[e] *= 50 }  // far from uniform
        let x = Tensor.uniform([3, 5, 8], -1, 1, rng: &rng)
        router.train(true)
        _ = withoutGrad { router(x) }
        #expect(router.shares == [0, 0, 0, 0])
        router.train(false)
        let g = withoutGrad { router(x) }.values
        let mean = (0..<4).map { e in stride(from: e, to: g.count, by: 4).reduce(0.0) { $0 + Double(g[$1]) } / 15 }
        #expect(zip(router.shares, mean).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        #expect(mean.max()! > 0.3 && mean.min()! < 0.2)  // the test's router is unbalanced

        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("molora", options: ["experts": "4"])
        try method.apply(to: model, seed: 0)
        #expect(method.extras(model).isEmpty)
        _ = withoutGrad { Tiny.output(model) }
        let routers = model.namedModules().compactMap { $0.module as? SoftRouter }
        #expect(routers.count == 6)
        let entropy = routers.map { r in -r.shares.reduce(0) { $0 + $1 * Foundation.log($1) } / Foundation.log(4.0) }
        let extras = Dictionary(uniqueKeysWithValues: method.extras(model).map { ($0.name, $0.value) })
        #expect(Swift.abs(try #require(extras["router_balance"]) - entropy.reduce(0, +) / 6) < 1e-9)
        #expect(
            Swift.abs(try #require(extras["router_max_share"]) - routers.map { $0.shares.max()! }.reduce(0, +) / 6)
                < 1e-9)
    }

    /// AdaMix evaluates (and stores) its experts averaged: a Pfeiffer adapter (GELU) loaded with
    /// the stored tensors gives the same outputs, and the stored form has one Pfeiffer adapter's size.
    @Test func adamixStoresOneAveragedAdapter() throws {
        for share in ["up", "down", "none"] {
            let (mixed, plain) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
            let method = try makeMethod("adamix", options: ["share": share])
            try method.apply(to: mixed, seed: 0)
            let pfeiffer = try makeMethod("pfeiffer", options: ["act": "gelu"])
            try pfeiffer.apply(to: plain, seed: 0)
            randomizeTrainable(mixed)  // the experts differ
            let stored = try #require(method.storedTensors(mixed))
            let soup = try #require(mixed.transformerBlocks[0].mlp.adapter as? AdaMix.ExpertSoup)
            func mean(_ ts: [Tensor]) -> [Float] {
                (0..<ts[0].count).map { e in ts.reduce(0) { $0 + $1.data[e] } / Float(ts.count) }
            }
            let name = "blocks.0.mlp.adapter."
            for (key, experts) in [
                ("weights.wDown", soup.wDowns), ("downBias", soup.downBiases), ("weights.wUp", soup.wUps),
                ("upBias", soup.upBiases),
            ] {
                #expect(maxAbsDiff(try #require(stored[name + key]).values, mean(experts)) < 1e-6, "\(share) \(key)")
            }
            try plain.load(stored, strict: false)
            #expect(stored.values.reduce(0) { $0 + $1.count } == pfeiffer.trainableCount(plain))
            #expect(
                maxAbsDiff(withoutGrad { Tiny.output(mixed).values }, withoutGrad { Tiny.output(plain).values }) < 1e-5)
        }
    }

    /// After a training step's backward, every expert has a gradient (zero if it was not drawn),
    /// so every expert takes each AdamW step, as in the paper's code.
    @Test func adamixExpertsNotDrawnGetZeroGradients() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("adamix", options: ["share": "none"])
        try method.apply(to: model, seed: 0)
        randomizeTrainable(model)
        model.train(true)
        Tiny.loss(model).backward()
        let soup = try #require(model.transformerBlocks[0].mlp.adapter as? AdaMix.ExpertSoup)
        #expect(soup.wDowns.filter { $0.grad != nil }.count == 1)  // one drawn
        method.afterBackward(0, total: 1)
        #expect(soup.wDowns.allSatisfy { $0.grad != nil } && soup.upBiases.allSatisfy { $0.grad != nil })
        #expect(soup.wDowns.filter { $0.grad!.values.contains { $0 != 0 } }.count == 1)
    }

    /// While training, every pass uses one down and one up expert, drawn afresh: each output is
    /// that of a Pfeiffer adapter holding one pair, and the passes do not all use the same pair.
    @Test func adamixRoutesEachTrainingPassToOneExpertPair() throws {
        let (mixed, plain) = (Tiny.model(.vit, seed: 0), Tiny.model(.vit, seed: 0))
        try makeMethod("adamix", options: ["share": "none", "experts": "3"]).apply(to: mixed, seed: 0)
        try makeMethod("pfeiffer", options: ["act": "gelu"]).apply(to: plain, seed: 0)
        randomizeTrainable(mixed)
        let soup = try #require(mixed.transformerBlocks[0].mlp.adapter as? AdaMix.ExpertSoup)
        let adapter = try #require(plain.transformerBlocks[0].mlp.adapter as? BottleneckAdapter)
        var pairs: [[Float]] = []
        for i in 0..<3 {
            for j in 0..<3 {
                adapter.weights.down().assign(soup.wDowns[i])
                adapter.downBias.assign(soup.downBiases[i])
                adapter.weights.up().assign(soup.wUps[j])
                adapter.upBias.assign(soup.upBiases[j])
                pairs.append(withoutGrad { Tiny.output(plain).values })
            }
        }
        mixed.train(true)
        var used = Set<Int>()
        for _ in 0..<20 {
            let out = withoutGrad { Tiny.output(mixed).values }
            let match = try #require(pairs.firstIndex { maxAbsDiff($0, out) < 1e-5 })
            used.insert(match)
        }
        #expect(used.count > 3)
    }

    /// The consistency term: ½ Σ (q − p)(log q − log p) / N over rows, 0 for equal logits, and
    /// the paper's detached-target gradients (p − q)/2N and (q − p)/2N.
    @Test func symmetricKLValueAndGradients() throws {
        var rng = RNG(seed: 4)
        let a = Tensor.uniform([3, 5], -2, 2, rng: &rng, requiresGrad: true)
        let b = Tensor.uniform([3, 5], -2, 2, rng: &rng, requiresGrad: true)
        let kl = a.symmetricKL(b)
        let (p, q) = (withoutGrad { a.softmax() }.values, withoutGrad { b.softmax() }.values)
        let expected =
            zip(p, q).reduce(0.0) { $0 + Double(($1.1 - $1.0) * (Foundation.log($1.1) - Foundation.log($1.0))) } / 6
        #expect(Swift.abs(Double(kl.item) - expected) < 1e-5)
        kl.backward()
        #expect(maxAbsDiff(try #require(a.grad).values, zip(p, q).map { ($0 - $1) / 6 }) < 1e-6)
        #expect(maxAbsDiff(try #require(b.grad).values, zip(p, q).map { ($1 - $0) / 6 }) < 1e-6)
        #expect(withoutGrad { a.symmetricKL(a.detached()) }.item == 0)
    }
}
