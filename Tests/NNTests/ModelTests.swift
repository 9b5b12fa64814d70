// Backbone behaviour: causal masking, the prefix site, patches, LoRA's zero start.

import Models
import NN
import PEFT
import Testing
import Tensor
import TestSupport

@Suite struct ModelTests {
    func smallLM() -> LM {
        var c = LMConfig()
        (c.dim, c.hidden, c.depth, c.context) = (32, 64, 2, 16)
        return LM(c, seed: 1)
    }

    @Test func causalAttentionIgnoresTheFuture() {
        let lm = smallLM()
        let a = [1, 2, 3, 4, 5, 6, 7, 8], b = [1, 2, 3, 4, 9, 9, 9, 9]
        let ya = withoutGrad { lm(a, batch: 1, length: 8) }, yb = withoutGrad { lm(b, batch: 1, length: 8) }
        let v = 256
        #expect(maxAbsDiff(Array(ya.values[0..<(4 * v)]), Array(yb.values[0..<(4 * v)])) < 1e-6)
        #expect(maxAbsDiff(Array(ya.values[(4 * v)...]), Array(yb.values[(4 * v)...])) > 1e-3)
    }

    @Test func prefixIsSeenByEveryPosition() {
        final class Prefix: Module, PrefixProvider {
            let k: Tensor, v: Tensor
            init(_ k: Tensor, _ v: Tensor) { self.k = k; self.v = v }
            func keysValues(for x: Tensor) -> (keys: Tensor, values: Tensor) { (k, v) }
            var length: Int { k.shape[0] }
        }
        let lm = smallLM()
        let ids = [5, 6, 7, 8]
        let base = withoutGrad { lm(ids, batch: 1, length: 4) }
        lm.blocks[0].attn.prefix = Prefix(param([3, 32], seed: 2), param([3, 32], seed: 3))
        let with = withoutGrad { lm(ids, batch: 1, length: 4) }
        for pos in 0..<4 {  // even position 0, which sees no other real token, changes
            let r = (pos * 256)..<((pos + 1) * 256)
            #expect(maxAbsDiff(Array(base.values[r]), Array(with.values[r])) > 1e-4, "position \(pos)")
        }
        let failures = gradCheck(lm.blocks[0].attn.prefix!.namedParameters().map(\.tensor), atol: 5e-3) {
            lm(ids, batch: 1, length: 4).slice(axis: 2, 0..<8)
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    @Test func patchesRoundTrip() {
        let img = Tensor((0..<128).map(Float.init), shape: [2, 64])
        let p = patchify(img, side: 8, patch: 2)
        #expect(p.shape == [2, 16, 4])
        #expect(Array(p.values[0..<8]) == [0, 1, 8, 9, 2, 3, 10, 11])  // patch (0,0) then (0,1)
        #expect(unpatchify(p, side: 8, patch: 2).values == img.values)
    }

    @Test func denoiserAndLMShapes() {
        let d = Denoiser(seed: 0)
        #expect(withoutGrad { d(Tensor.zeros([3, 64]), steps: [0, 10, 999]) }.shape == [3, 64])
        let lm = smallLM()
        let f = withoutGrad { lm.lastTokenFeatures([1, 2, 0, 0, 3, 4, 5, 6], batch: 2, length: 4, lengths: [2, 4]) }
        let full = withoutGrad { lm.features([1, 2, 0, 0, 3, 4, 5, 6], batch: 2, length: 4) }
        #expect(f.shape == [2, 32])
        #expect(Array(f.values[0..<32]) == Array(full.values[32..<64]))  // row 0, token 1
        #expect(Array(f.values[32..<64]) == Array(full.values[224..<256]))  // row 1, token 3
    }

    @Test func loraStartsAtTheBaseModelAndCountsRTimesInPlusOut() throws {
        let model = ViT(seed: 0)
        let x = param([2, 64], seed: 1).detached()
        let before = withoutGrad { model(x).values }
        try makeMethod("lora").apply(to: model, seed: 0)
        #expect(model.targetLinears(["q", "v"]).allSatisfy { $0.linear.hook is LowRankHook })
        #expect(model.trainableCount == 8_192)  // 4 blocks × 2 targets × 8·(64 + 64)
        #expect(withoutGrad { model(x).values } == before)
    }
}

@Suite struct LayerGradientTests {
    @Test func blockAndItsLayers() {
        var rng = RNG(seed: 60)
        let block = Block(dim: 8, heads: 2, hidden: 16, causal: true, rng: &rng)
        let x = param([2, 3, 8], seed: 61)
        let params = [x] + block.namedParameters().map(\.tensor)
        let failures = gradCheck(params, atol: 3e-3) { block(x) }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let mlp = MLP(dim: 8, hidden: 16, rng: &rng)
        #expect(gradCheck([x] + mlp.namedParameters().map(\.tensor)) { mlp(x) }.isEmpty)
        let norm = LayerNorm(8)
        #expect(gradCheck([x] + norm.namedParameters().map(\.tensor)) { norm(x) }.isEmpty)
        let embed = Embedding(10, 4, std: 1, rng: &rng)
        #expect(gradCheck([embed.weight]) { embed([1, 9, 1, 0], shape: [2, 2]) }.isEmpty)
    }

    @Test func losses() {
        let logits = param([4, 5], seed: 62), target = param([4, 5], seed: 63)
        #expect(gradCheck([logits]) { logits.crossEntropy([0, 4, 2, 2]) }.isEmpty)
        #expect(gradCheck([logits]) { logits.crossEntropy([0, -1, 2, -1], ignore: -1) }.isEmpty)
        #expect(gradCheck([logits, target]) { logits.mse(target) }.isEmpty)
        // Known value: uniform logits over 5 classes give ln 5.
        #expect(Swift.abs(Tensor.zeros([3, 5]).crossEntropy([0, 1, 2]).item - 1.609_438) < 1e-5)
        #expect(Tensor.zeros([2, 5]).crossEntropy([-1, -1], ignore: -1).item == 0)
    }

    @Test func unknownBackboneListsTheValidOnes() {
        #expect(throws: ModelError.unknownBackbone("bert", valid: ["vit", "lm", "denoiser", "minilm"])) {
            try BackboneKind(parsing: "bert")
        }
        #expect((try? BackboneKind(parsing: "lm").make(seed: 0).parameterCount) == 834_304 + 33_024)
    }
}
