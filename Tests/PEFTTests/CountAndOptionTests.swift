// Trainable counts on the real backbones against each method's declared formula (the task head
// excluded), and
// option validation: rank 0, rank above a layer's size, negative values, unknown keys and
// unknown targets fail with an error naming the option and the valid range.

import Models
import NN
import PEFT
import Tensor
import TestSupport
import Testing

func backboneTrainable(_ model: Module, _ method: any PEFTMethod) -> Int {
    method.trainableCount(model) { name in model.outputLayerPattern.map { glob($0, name) } ?? false }
}

@Suite struct CountTests {
    /// Every registered method's measured count equals the formula it declares, on the real vit
    /// and lm backbones and a two-block minilm of another width (docs/METHODS.md prints them; the
    /// real minilm's 22.7M random parameters would take seconds per method in a debug build).
    @Test(arguments: allMethods.map { $0.name }) func trainableCountIsTheMethodsFormula(_ name: String) throws {
        var bert = BERTConfig()
        (bert.vocab, bert.positions, bert.dim, bert.heads, bert.hidden, bert.depth) = (500, 64, 96, 4, 384, 2)
        for make in [{ ViT(seed: 0) }, { LM(seed: 0) }, { MiniLM(bert, seed: 0) } as () -> Module] {
            let model = make(), kind = type(of: model)
            let method = try makeMethod(name)
            let shape = BackboneShape(model)
            if let sources = try Tiny.sources(for: method, make) { try method.use(sources: sources) }
            try method.apply(to: model, seed: 0)
            try method.prepare(model, exampleCount: 2) { Tiny.loss(model, seed: UInt64($0)) }
            #expect(backboneTrainable(model, method) == type(of: method).expectedTrainable(shape), "\(name) on \(kind)")
        }
    }

    /// The formulas reproduce the hand-derived numbers of the design notes for a few methods.
    @Test func formulasMatchHandDerivedCounts() {
        let vit = BackboneShape(ViT(seed: 0)), lm = BackboneShape(LM(seed: 0))
        #expect(vit.params == 201_536 && lm.params == 834_304)
        for (m, a, b) in [
            ("lora", 8_192, 16_384), ("unipelt", 51_308, 176_300), ("fishmask", 1_007, 4_171),
            ("prefix-tuning", 37_952, 149_632),
        ] {
            let t = try! methodType(named: m)
            #expect(t.expectedTrainable(vit) == a && t.expectedTrainable(lm) == b, "\(m)")
        }
    }

    @Test func veraSharesOneFrozenPairCountedOnce() throws {
        let model = ViT(seed: 0)
        let before = model.parameterCount
        try makeMethod("vera").apply(to: model, seed: 0)
        #expect(model.parameterCount - before == 1_024 + 2 * 64 * 64)
        let shared = model.namedParameters().filter { $0.name.hasSuffix("sharedA") || $0.name.hasSuffix("sharedB") }
        #expect(shared.count == 2 && shared.allSatisfy { !$0.tensor.requiresGrad })
        // Regenerated bit for bit from the projection seed.
        let again = ViT(seed: 3)
        try makeMethod("vera").apply(to: again, seed: 9)
        let other = again.namedParameters().filter { $0.name.hasSuffix("sharedA") }
        #expect(other[0].tensor.values == shared[0].tensor.values)
    }
}

@Suite struct OptionTests {
    func error(_ name: String, _ options: [String: String], on kind: BackboneKind = .vit) -> MethodError? {
        do {
            try makeMethod(name, options: options).apply(to: kind.make(seed: 0), seed: 0)
            return nil
        } catch let e as MethodError { return e } catch { return nil }
    }

    @Test(arguments: allMethods.map { $0.name }) func unknownKeyIsRejectedWithTheValidOnes(_ name: String) {
        guard case let .unknownOption(method, key, _)? = error(name, ["bogus": "1"]) else {
            Issue.record("\(name) accepted an unknown option"); return
        }
        #expect(method == name && key == "bogus")
    }

    /// Every method that declares a rank option (the registry says which, so none is left out).
    @Test func rankZeroAndAboveTheLayerSize() {
        let ranked = allMethods.filter { $0.rankOption != nil }
        #expect(ranked.count >= 6)
        for m in ranked {
            let (name, r) = (m.name, m.rankOption!)
            #expect(
                error(name, [r: "0"])
                    == .invalidOption(method: name, key: r, value: "0", expected: "an integer in 1…65536"))
            guard case let .invalidOption(_, key, _, expected)? = error(name, [r: "65"]) else {
                Issue.record("\(name) accepted rank 65 on a 64-wide layer"); continue
            }
            #expect(key == r && expected.contains("1…64"), "\(expected)")
        }
    }

    @Test func negativeValuesAndUnknownTargets() {
        #expect(error("houlsby", ["m": "-1"])?.description.contains("option m=-1 is invalid") == true)
        #expect(error("lora", ["alpha": "-2"])?.description.contains("alpha=-2") == true)
        guard case let .invalidOption(_, key, _, expected)? = error("lora", ["targets": "q,qq"]) else {
            Issue.record("unknown target accepted"); return
        }
        #expect(key == "targets" && expected.contains("'qq' is not one") && expected.contains("all-linear"))
        #expect(error("houlsby", ["m": "65"])?.description.contains("1…64") == true)
        #expect(error("partial", ["k": "5"])?.description.contains("1…4") == true)
        #expect(error("oft", ["block": "7"])?.description.contains("divisor") == true)
    }

    @Test func unknownMethodListsTheRegistry() {
        #expect(throws: MethodError.unknownMethod("lorra", valid: allMethods.map { $0.name })) {
            try makeMethod("lorra")
        }
    }
}
