// Behaviours particular to the hybrid methods beyond the unified design space (the contract
// tests cover the rest).

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct HybridTests {
    /// RoSA: each target's mask is the brute-force top k of its per-example squared gradients at
    /// W₀ (k = r(d_in + d_out) by default, ⌊ρ·d_in·d_out⌋ with `density`); S trains at 2/7 of the
    /// rate without decay; what is stored is the factors and S's entries, not the dense W.
    @Test(arguments: [nil, "0.05"]) func rosaMasksTheTopFisherEntriesOfEachTarget(_ density: String?) throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("rosa", options: density.map { ["density": $0] } ?? [:])
        try method.apply(to: model, seed: 0)
        let targets = model.targetLinears(Targets.linears).map(\.linear)
        var fisher = targets.map { [Float](repeating: 0, count: $0.weight.count) }
        for t in targets { t.weight.requiresGrad = true }
        for i in 0..<4 {
            for t in targets { t.weight.grad = nil }
            Tiny.loss(model, seed: UInt64(i)).backward()
            for (j, t) in targets.enumerated() {
                for e in 0..<t.weight.count { fisher[j][e] += t.weight.grad!.data[e] * t.weight.grad!.data[e] }
            }
        }
        for t in model.namedParameters().map(\.tensor) { t.grad = nil }
        try method.prepare(model, exampleCount: 4) { Tiny.loss(model, seed: UInt64($0)) }
        var sparse = 0
        for (t, f) in zip(targets, fisher) {
            let (o, i) = (t.outFeatures, t.inFeatures)
            let k = density == nil ? 4 * (o + i) : Int(0.05 * Double(Float(o * i)))
            let mask = try #require(method.trainableMask(t.weight))
            let cut = f.sorted(by: >)[k - 1]
            #expect(mask.filter { $0 }.count == k)
            #expect(zip(mask, f).allSatisfy { m, v in v == cut || m == (v > cut) })
            sparse += k
        }
        let lowRank = targets.reduce(0) { $0 + 4 * ($1.inFeatures + $1.outFeatures) }
        #expect(method.trainableCount(model) == lowRank + sparse)
        let groups = try #require(method.parameterGroups(model, weightDecay: 0.1))
        let s = try #require(groups.first { $0.parameters.contains { $0 === targets[0].weight } })
        #expect(s.lrScale == 2 / 7 && s.weightDecay == 0 && s.parameters.count == targets.count)
        let stored = try #require(method.storedTensors(model))
        #expect(!stored.keys.contains { $0.hasSuffix("attn.q.weight") })
        #expect(stored.keys.filter { $0.hasSuffix("hook.a") }.count == targets.count)
    }
}
