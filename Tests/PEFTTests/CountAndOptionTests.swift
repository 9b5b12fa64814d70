// Trainable counts on the real backbones against METHODS.md §3 (the task head excluded), and
// option validation: rank 0, rank above a layer's size, negative values, unknown keys and
// unknown targets fail with an error naming the option and the valid range.

import Models
import NN
import PEFT
import Tensor
import TestSupport
import Testing

/// METHODS.md §3: (method, vit, lm) with default options.
let expectedCounts: [(String, Int, Int)] = [
    ("full", 201_536, 834_304), ("head", 0, 0), ("frozen", 0, 0),
    ("bitfit", 2_944, 5_760), ("ln-tuning", 1_152, 2_304), ("partial", 50_112, 198_528), ("diff-pruning", 403_072, 1_668_608), ("fishmask", 1_007, 4_171),
    ("houlsby", 8_768, 17_472), ("pfeiffer", 4_384, 8_736), ("parallel", 4_384, 8_736), ("compacter", 1_792, 3_328),
    ("prompt-tuning", 512, 1_024), ("prefix-tuning", 37_952, 149_632), ("p-tuning-v2", 4_096, 8_192),
    ("ia3", 1_536, 3_072), ("ssf", 5_760, 11_520),
    ("lora", 8_192, 16_384), ("rslora", 8_192, 16_384), ("dora", 8_704, 17_408), ("vera", 1_024, 1_536),
    ("loha", 8_192, 16_384), ("lokr", 1_024, 2_560), ("pissa", 8_192, 16_384), ("adalora", 12_384, 24_672), ("oft", 1_792, 3_584), ("boft", 3_584, 7_168), ("fourierft", 512, 512),
    ("mam", 46_464, 166_592), ("unipelt", 51_308, 176_300),
    ("qlora", 36_864, 73_728),
]

func backboneTrainable(_ model: Module, _ method: any PEFTMethod) -> Int {
    method.trainableCount(model) { $0.hasPrefix("head.") }
}

@Suite struct CountTests {
    @Test func everyRegisteredMethodHasAnExpectedCount() {
        #expect(Set(expectedCounts.map(\.0)) == Set(allMethods.map { $0.name }))
    }

    @Test(arguments: expectedCounts) func trainableCountMatchesMethodsTable(_ name: String, _ vit: Int, _ lm: Int) throws {
        for (kind, expected) in [(BackboneKind.vit, vit), (.lm, lm)] {
            let model = kind.make(seed: 0)
            let method = try makeMethod(name)
            try method.apply(to: model, seed: 0)
            try method.prepare(model, exampleCount: 2) { Tiny.loss(model, seed: UInt64($0)) }
            #expect(backboneTrainable(model, method) == expected, "\(name) on \(kind)")
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

    @Test func rankZeroAndAboveTheLayerSize() {
        for name in ["lora", "rslora", "dora", "loha", "pissa", "qlora"] {
            #expect(error(name, ["r": "0"]) == .invalidOption(method: name, key: "r", value: "0", expected: "an integer in 1…65536"))
            guard case let .invalidOption(_, key, _, expected)? = error(name, ["r": "65"]) else {
                Issue.record("\(name) accepted rank 65 on a 64-wide layer"); continue
            }
            #expect(key == "r" && expected.contains("1…64"), "\(expected)")
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
        #expect(throws: MethodError.unknownMethod("lorra", valid: allMethods.map { $0.name })) { try makeMethod("lorra") }
    }
}
