// The unified design space (He et al. 2110.04366): its named points give the same outputs as
// the registry's own methods holding the same tensors — pfeiffer, houlsby, parallel s = 4,
// scaled-parallel and (the linear parallel form at the weights, no biases) LoRA — on every
// backbone; bias=false trains only the projections; a weight site must be square.

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct UnifiedTests {
    /// `unified` with `options` and `method` with `reference`, the unified tensors copied into the
    /// other model under the same names (the adapter sites share their names).
    func sameOutputs(
        _ options: [String: String], as method: String, _ reference: [String: String] = [:], kind: BackboneKind,
        rename: (String) -> String = { $0 }
    ) throws -> Float {
        let (unified, other) = (Tiny.model(kind, seed: 0), Tiny.model(kind, seed: 0))
        try makeMethod("unified", options: options).apply(to: unified, seed: 0)
        let plain = try makeMethod(method, options: reference)
        try plain.apply(to: other, seed: 0)
        randomizeTrainable(unified)
        let tensors = unified.trainableParameters().map { (rename($0.name), $0.tensor) }
        #expect(Set(tensors.map(\.0)) == Set(other.trainableParameters().map(\.name)), "\(method) on \(kind)")
        try other.load(Dictionary(uniqueKeysWithValues: tensors), strict: false)
        return maxAbsDiff(withoutGrad { Tiny.output(unified).values }, withoutGrad { Tiny.output(other).values })
    }

    @Test(arguments: BackboneKind.allCases) func namedPointsAreTheRegistrysMethods(_ kind: BackboneKind) throws {
        let adapter = ["act": "relu", "insertion": "sequential", "site": "ffn", "composition": "add"]
        #expect(try sameOutputs(adapter, as: "pfeiffer", kind: kind) < 1e-5)
        let houlsby = ["act": "swish", "insertion": "sequential", "site": "both", "composition": "add"]
        #expect(try sameOutputs(houlsby, as: "houlsby", kind: kind) < 1e-5)
        #expect(try sameOutputs([:], as: "parallel", ["s": "4"], kind: kind) < 1e-5)
        #expect(try sameOutputs(["composition": "learned", "s": "1"], as: "scaled-parallel", kind: kind) < 1e-5)
        let lora = ["act": "identity", "site": "weights", "s": "2", "bias": "false", "targets": "q,v"]
        let renamed = try sameOutputs(lora, as: "lora", kind: kind) { name in
            name.replacingOccurrences(of: "hook.adapter.weights.wDown", with: "hook.a")
                .replacingOccurrences(of: "hook.adapter.weights.wUp", with: "hook.b")
        }
        #expect(renamed < 1e-5)
    }

    @Test func biasFalseTrainsOnlyTheProjectionsAndWeightSitesMustBeSquare() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("unified", options: ["bias": "false"])
        try method.apply(to: model, seed: 0)
        #expect(method.trainableCount(model) == 2 * 64 * 8)  // one block, d = 64, m = 8
        #expect(throws: MethodError.self) {
            try makeMethod("unified", options: ["site": "weights", "targets": "up"]).apply(
                to: Tiny.model(.vit, seed: 0), seed: 0)
        }
        #expect(throws: MethodError.self) { try makeMethod("unified", options: ["composition": "gated"]) }
        #expect(throws: MethodError.self) { try makeMethod("unified", options: ["composition": "add", "s": "2"]) }
        let learned = Tiny.model(.vit, seed: 0)
        let withScale = try makeMethod("unified", options: ["composition": "learned"])
        try withScale.apply(to: learned, seed: 0)
        #expect(withScale.trainableCount(learned) == 2 * 64 * 8 + 8 + 64 + 1)  // + the learned s
    }
}
