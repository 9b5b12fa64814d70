// Behaviours particular to the long tail's prompt methods (the contract tests cover the rest,
// on one-block models; deep prompts need several blocks).

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

/// The vit's input sequence written out: [CLS; patch tokens] + positions, (B, 1 + 16, D).
func embedded(_ model: ViT, _ images: Tensor) -> Tensor {
    let (b, d, c) = (images.shape[0], model.config.dim, model.config)
    let tokens = model.patch(patchify(images, side: c.side, patch: c.patch))
    return Tensor.concat([model.cls.reshaped([1, 1, d]).expanded(to: [b, 1, d]), tokens], axis: 1) + model.pos
}

@Suite struct LongTailPromptTests {
    /// VPT-Deep on a 3-block vit, written out: P_0 goes between CLS and the patches, the prompt
    /// rows are overwritten by P_1 and P_2 before blocks 1 and 2, CLS is read out; every P_i
    /// gets a gradient.
    @Test func vptDeepReplacesThePromptRowsAtEveryBlock() throws {
        var c = ViTConfig()
        (c.depth, c.classes) = (3, 3)
        let model = ViT(c, seed: 0)
        let method = try makeMethod("vpt-deep", options: ["p": "4"])
        try method.apply(to: model, seed: 0)
        let prompts = try #require(model.prompt as? VPTDeep.Prompts)
        #expect(prompts.embedding.shape == [3, 4, c.dim])
        var rng = RNG(seed: 8)
        let images = Tensor.uniform([2, c.side * c.side], 0, 1, rng: &rng)
        let expected = withoutGrad { () -> Tensor in
            let (b, d) = (2, c.dim)
            var x = embedded(model, images)
            for i in 0..<3 {
                let p = prompts.embedding.slice(axis: 0, i..<(i + 1)).expanded(to: [b, 4, d])
                let rest = i == 0 ? x.slice(axis: 1, 1..<x.shape[1]) : x.slice(axis: 1, 5..<x.shape[1])
                x = model.blocks[i](Tensor.concat([x.slice(axis: 1, 0..<1), p, rest], axis: 1))
            }
            return model.head(model.ln_f(x.slice(axis: 1, 0..<1).reshaped([b, d])))
        }
        #expect(maxAbsDiff(withoutGrad { model(images) }.values, expected.values) < 1e-5)
        model(images).sum().backward()
        let grad = try #require(prompts.embedding.grad).values
        let perBlock = 4 * c.dim
        for i in 0..<3 { #expect(grad[(i * perBlock)..<((i + 1) * perBlock)].contains { $0 != 0 }, "P_\(i)") }
    }

    /// On a 2-block lm the prompt rows lead the sequence and block 1 reads P_1 there: changing
    /// P_1 alone changes the text's features, which keep the text's length.
    @Test func vptDeepOnTextOverwritesTheLeadingRows() throws {
        var c = LMConfig()
        (c.depth, c.dim, c.hidden, c.context, c.vocab) = (2, 64, 256, 8, 32)
        let model = LM(c, seed: 0)
        try makeMethod("vpt-deep").apply(to: model, seed: 0)
        let prompts = try #require(model.prompt as? VPTDeep.Prompts)
        let ids = (0..<12).map { $0 % 32 }
        let before = withoutGrad { model.features(ids, batch: 2, length: 6) }
        #expect(before.shape == [2, 6, 64])
        let e = prompts.embedding.values, half = 8 * 64
        var rng = RNG(seed: 3)  // not a constant shift: LayerNorm would remove it
        prompts.embedding.assign(
            Tensor(Array(e[..<half]) + e[half...].map { $0 + rng.normal() }, shape: prompts.embedding.shape))
        #expect(maxAbsDiff(withoutGrad { model.features(ids, batch: 2, length: 6) }.values, before.values) > 1e-3)
    }
}

extension LongTailPromptTests {
    /// DePT is prompt tuning with the same prompt on a model whose position table is pos + AB;
    /// A and B (only they) train at `ratio` × the rate.
    @Test(arguments: [BackboneKind.vit, .lm, .minilm]) func deptOffsetsThePositionTableByAB(_ kind: BackboneKind) throws
    {
        let model = Tiny.model(kind, seed: 0)
        let method = try makeMethod("dept", options: ["ratio": "0.1"])
        try method.apply(to: model, seed: 0)
        let site = try #require(model as? any PromptSite)
        let offset = try #require(site.positionOffset as? DePT.Offset)
        var rng = RNG(seed: 4)
        offset.b.assign(Tensor.randn(offset.b.shape, std: 0.3, rng: &rng))
        let prompt = try #require(site.prompt as? PromptTuning.Prompt)

        let reference = Tiny.model(kind, seed: 0)
        var referenceSite = try #require(reference as? any PromptSite)
        referenceSite.pos.assign(withoutGrad { site.pos + offset.a.matmul(offset.b) })
        referenceSite.prompt = PromptTuning.Prompt(prompt.embedding)
        #expect(
            maxAbsDiff(withoutGrad { Tiny.output(model).values }, withoutGrad { Tiny.output(reference).values }) < 1e-5)

        let groups = try #require(method.parameterGroups(model, weightDecay: 0))
        #expect(groups[0].lrScale == 0.1 && groups[0].parameters.count == 2)
        #expect(groups[0].parameters.contains { $0 === offset.a } && groups[0].parameters.contains { $0 === offset.b })
        #expect(!groups.dropFirst().contains { g in g.parameters.contains { $0 === offset.a || $0 === offset.b } })
    }
}

extension LongTailPromptTests {
    /// LPT on a 4-block vit: blocks 0 and 1 see the plain sequence, P joins after CLS before
    /// block 2 (written out); only P gets a gradient and a block beyond the model is refused.
    @Test func latePromptJoinsAtTheMiddleBlock() throws {
        var c = ViTConfig()
        (c.depth, c.classes) = (4, 3)
        let model = ViT(c, seed: 0)
        try makeMethod("lpt", options: ["l": "3"]).apply(to: model, seed: 0)
        let prompt = try #require(model.prompt as? LatePromptTuning.Prompt)
        #expect(prompt.insertionBlock == 2)
        var rng = RNG(seed: 8)
        let images = Tensor.uniform([2, c.side * c.side], 0, 1, rng: &rng)
        let expected = withoutGrad { () -> Tensor in
            let (b, d) = (2, c.dim)
            var x = model.blocks[1](model.blocks[0](embedded(model, images)))
            let p = prompt.embedding.reshaped([1, 3, d]).expanded(to: [b, 3, d])
            x = Tensor.concat([x.slice(axis: 1, 0..<1), p, x.slice(axis: 1, 1..<x.shape[1])], axis: 1)
            x = model.blocks[3](model.blocks[2](x))
            return model.head(model.ln_f(x.slice(axis: 1, 0..<1).reshaped([b, d])))
        }
        #expect(maxAbsDiff(withoutGrad { model(images) }.values, expected.values) < 1e-5)
        let beyond = try makeMethod("lpt", options: ["at_block": "4"])
        #expect(
            throws: MethodError.invalidOption(
                method: "lpt", key: "at_block", value: "4", expected: "a block index in 0…3")
        ) { try beyond.apply(to: ViT(c, seed: 0), seed: 0) }
    }

    /// On a 2-block minilm a prompt joining at block 1 gets no position and no embedding norm;
    /// block 0 masks the text's own padding, block 1 counts the prompt rows as real (written out).
    @Test func latePromptOnMiniLMJoinsTheHiddenStates() throws {
        var c = BERTConfig()
        (c.depth, c.dim, c.heads, c.hidden, c.vocab, c.positions, c.classes) = (2, 64, 4, 256, 32, 64, 3)
        let model = MiniLM(c, seed: 0)
        try makeMethod("lpt", options: ["l": "2"]).apply(to: model, seed: 0)
        let prompt = try #require(model.prompt as? LatePromptTuning.Prompt)
        #expect(prompt.insertionBlock == 1)
        let ids = (0..<10).map { ($0 * 7) % 32 }, lengths = [5, 3]
        let expected = withoutGrad { () -> Tensor in
            let e = model.embed(ids, shape: [2, 5]) + model.pos.slice(axis: 0, 0..<5)
            var x = model.embedNorm(e + model.tokenType.slice(axis: 0, 0..<1).reshaped([64]))
            x = model.blocks[0](x, lengths: lengths)
            x = Tensor.concat([prompt.embedding.reshaped([1, 2, 64]).expanded(to: [2, 2, 64]), x], axis: 1)
            return model.blocks[1](x, lengths: lengths.map { $0 + 2 }).slice(axis: 1, 2..<7)
        }
        let h = withoutGrad { model.hiddenStates(ids, batch: 2, length: 5, lengths: lengths) }
        #expect(maxAbsDiff(h.values, expected.values) < 1e-5)
    }
}

extension LongTailPromptTests {
    /// XPrompt: at the end of phase 1 the two least important tokens go (importance summed over
    /// phase 1's steps, recomputed here from the gradients), then a quarter of the survivors'
    /// pieces; the gate closes on them, P rewinds to P₀, and only open entries move in phase 2.
    @Test func xpromptPrunesTokensThenPiecesAndRewinds() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("xprompt")
        try method.apply(to: model, seed: 0)
        let gated = try #require((model as? ViT)?.prompt as? XPrompt.Gated)
        let p = gated.embedding
        let (p0, width) = (p.values, 64 / 4)
        let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
        var tokenScore = [Double](repeating: 0, count: 8), pieceScore = [Double](repeating: 0, count: 32)
        for step in 0..<4 {
            Tiny.loss(model, seed: UInt64(step)).backward()
            if step < 2 {
                let gp = zip(p.grad!.values, p.values).map { Double($0 * $1) }
                let pieces = (0..<32).map { u in gp[(u * width)..<((u + 1) * width)].reduce(0, +) }
                for u in 0..<32 { pieceScore[u] += Swift.abs(pieces[u]) }
                for t in 0..<8 { tokenScore[t] += Swift.abs(pieces[(t * 4)..<(t * 4 + 4)].reduce(0, +)) }
            }
            method.afterBackward(step, total: 4)
            opt.step(lr: 1e-2)
            method.afterStep(step, total: 4)
            opt.restart(method.restartedTensors(after: step, total: 4))
            if step == 1 {
                let pruned = Set((0..<8).sorted { tokenScore[$0] < tokenScore[$1] }.prefix(2))
                let live = (0..<32).filter { !pruned.contains($0 / 4) }
                let cut = Set(live.sorted { pieceScore[$0] < pieceScore[$1] }.prefix(6))
                let kept = (0..<(8 * 64)).map { e in !pruned.contains(e / 64) && !cut.contains(e / width) }
                #expect(p.values == p0 && gated.gate.values == kept.map { $0 ? 1 : 0 })
                #expect(method.trainableCount(model) == 18 * width)
                #expect(method.rewrittenTensors(model) == ["prompt.gate"])
            }
        }
        let alive = method.trainableMask(p)!
        #expect(zip(zip(p.values, p0), alive).allSatisfy { pair, open in open || pair.0 == pair.1 })
        #expect(zip(zip(p.values, p0), alive).contains { $1 && $0.0 != $0.1 })
    }
}
