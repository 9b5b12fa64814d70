// Behaviours particular to the multi-task methods (the contract tests cover the rest, with
// source states of their own): AdapterFusion's attention against a token-by-token reference,
// its fusion of one adapter (twice) reducing to that adapter, its regularizer; SPoT starting
// from the most similar other task's prompt.

import Foundation
import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct MultiTaskTests {
    let pfeiffer = SourceStage(method: "pfeiffer")

    @Test func fusionMatchesATokenByTokenReference() throws {
        let sources = try (0..<3).map { try Tiny.sourceState(pfeiffer, index: $0) { Tiny.model(.vit, seed: 0) } }
        let method = try makeMethod("adapterfusion")
        try method.use(sources: sources)
        let model = Tiny.model(.vit, seed: 0)
        try method.apply(to: model, seed: 1)
        randomizeTrainable(model, seed: 4)  // W_Q, W_K, W_V, biases: every path
        let fusion = try #require(model.transformerBlocks[0].mlp.adapter as? FusionAdapter)
        var rng = RNG(seed: 2)
        let h = Tensor.uniform([2, 3, 64], -1, 1, rng: &rng)
        let input = Tensor.uniform([2, 3, 64], -1, 1, rng: &rng)  // what the MLP read: the fusion must not
        let fast = withoutGrad { fusion(input: input, output: h) }.values
        // Slow: per token, s_i = (W_Q h + b_Q)·(W_K Δ_i + b_K), p = softmax(s), h + W_V Σ p_i Δ_i.
        // Each source adapter's Δ(h) = W_up relu(W_down h + b_d) + b_u, by hand.
        let deltas: [[Float]] = fusion.sources.map { a in
            let (down, up) = (a.weights.down(), a.weights.up())
            var out: [Float] = []
            for t in 0..<6 {
                let ht = Array(h.values[(t * 64)..<(t * 64 + 64)])
                let z = (0..<8).map { i in
                    Swift.max(0, (0..<64).reduce(a.downBias.values[i]) { $0 + down.values[i * 64 + $1] * ht[$1] })
                }
                out += (0..<64).map { j in (0..<8).reduce(a.upBias.values[j]) { $0 + up.values[j * 8 + $1] * z[$1] } }
            }
            return out
        }
        func matvec(_ w: Tensor, _ x: [Float], _ b: Tensor?) -> [Float] {
            let wv = w.values, bv = b?.values ?? [Float](repeating: 0, count: 64)
            var out = bv
            for r in 0..<64 { for c in 0..<64 { out[r] += wv[r * 64 + c] * x[c] } }
            return out
        }
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
        var slow: [Float] = []
        for t in 0..<6 {
            let token = (t * 64)..<(t * 64 + 64)
            let ht = Array(h.values[token])
            let q = matvec(fusion.query, ht, fusion.queryBias)
            let s: [Float] = deltas.map { d in dot(q, matvec(fusion.key, Array(d[token]), fusion.keyBias)) }
            let top = s.max()!
            let e: [Float] = s.map { Foundation.exp($0 - top) }
            let total = e.reduce(0, +)
            var mixed = [Float](repeating: 0, count: 64)
            for (i, d) in deltas.enumerated() { for j in 0..<64 { mixed[j] += e[i] / total * d[t * 64 + j] } }
            let out = matvec(fusion.value, mixed, nil)
            for j in 0..<64 { slow.append(ht[j] + out[j]) }
        }
        #expect(maxAbsDiff(fast, slow) < 1e-4)
    }

    /// A fusion whose sources are one adapter twice is that adapter (softmax weights sum to 1, W_V = I).
    @Test(arguments: BackboneKind.allCases) func fusionOfOneAdapterIsThatAdapter(_ kind: BackboneKind) throws {
        let a = try Tiny.sourceState(pfeiffer, index: 1) { Tiny.model(kind, seed: 0) }
        let twice = [true, false].map { SourceState(task: $0 ? "t0" : "t1", isTarget: $0, tensors: a.tensors) }
        let fused = Tiny.model(kind, seed: 0), plain = Tiny.model(kind, seed: 0)
        let method = try makeMethod("adapterfusion")
        try method.use(sources: twice)
        try method.apply(to: fused, seed: 3)
        try makeMethod("pfeiffer").apply(to: plain, seed: 0)
        try plain.load(a.tensors, strict: false)
        let (f, p) = (withoutGrad { Tiny.output(fused).values }, withoutGrad { Tiny.output(plain).values })
        #expect(maxAbsDiff(f, p) < 1e-4, "\(kind)")
        #expect(maxAbsDiff(p, withoutGrad { Tiny.output(Tiny.model(kind, seed: 0)).values }) > 1e-3, "the adapter acts")
        #expect(method.regularizer()!.item < 1e-6, "W_V starts at I")
    }

    @Test func fusionNeedsTwoSources() throws {
        let one = try Tiny.sourceState(pfeiffer, index: 0) { Tiny.model(.vit, seed: 0) }
        #expect(throws: MethodError.self) { try makeMethod("adapterfusion").use(sources: [one]) }
        #expect(throws: MethodError.self) {
            try makeMethod("adapterfusion").apply(to: Tiny.model(.vit, seed: 0), seed: 0)
        }
    }

    @Test func spotStartsFromTheMostSimilarOtherPrompt() throws {
        let probe = Tiny.model(.vit, seed: 0)
        try makeMethod("prompt-tuning").apply(to: probe, seed: 0)
        let name = try #require(probe.trainableParameters().first?.name)
        func state(_ i: Int, _ row: [Float]) -> SourceState {
            let rows = (0..<8).flatMap { _ in row + [Float](repeating: 0, count: 64 - row.count) }
            return SourceState(task: "t\(i)", isTarget: i == 0, tensors: [name: Tensor(rows, shape: [8, 64])])
        }
        // The target points along e0; t1 along e1, t2 near e0, t3 opposite it.
        let sources = [state(0, [1, 0]), state(1, [0, 1]), state(2, [0.9, 0.3]), state(3, [-1, 0])]
        let spot = try makeMethod("spot")
        try spot.use(sources: sources)
        let model = Tiny.model(.vit, seed: 0)
        try spot.apply(to: model, seed: 0)
        let prompt = try #require(model.trainableParameters().first { $0.name == name })
        #expect(prompt.tensor.values == sources[2].tensors[name]!.values)
        let extras = Dictionary(uniqueKeysWithValues: spot.extras(model).map { ($0.name, $0.value) })
        #expect(extras["source_index"] == 2 && Swift.abs(extras["source_similarity"]! - 0.9 / 0.9487) < 1e-3)
    }
}
