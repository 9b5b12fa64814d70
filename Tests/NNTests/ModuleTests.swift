// Module: dotted names from the Mirror walk, exact parameter counts of the backbones (the numbers
// in docs/METHODS.md), freezing by pattern, checkpoints.

import Foundation
import Models
import NN
import Testing
import Tensor
import TestSupport

@Suite struct ModuleTests {
    @Test func backboneCountsMatchTheMethodReference() {
        let vit = ViT(seed: 0), lm = LM(seed: 0), den = Denoiser(seed: 0)
        func count(_ m: Module, excluding prefix: String) -> Int {
            m.namedParameters().filter { !$0.name.hasPrefix(prefix) }.reduce(0) { $0 + $1.tensor.count }
        }
        #expect(count(vit, excluding: "head.") == 201_536)  // N for vit
        #expect(vit.parameterCount - 201_536 == 650)  // head 64·10 + 10
        #expect(count(lm, excluding: "head.") == 834_304)  // N for lm
        #expect(lm.parameterCount - 834_304 == 128 * 256 + 256)
        // The denoiser's blocks equal the vit's: 4 · 49,984.
        let blocks = den.namedParameters().filter { $0.name.hasPrefix("blocks.") }.reduce(0) { $0 + $1.tensor.count }
        #expect(blocks == 4 * 49_984)
    }

    @Test func parameterNamesArePublicAndStable() {
        let names = Set(ViT(seed: 0).namedParameters().map(\.name))
        for n in [
            "patch.weight", "patch.bias", "cls", "pos", "blocks.0.ln1.weight", "blocks.3.attn.q.weight",
            "blocks.2.attn.o.bias", "blocks.1.ln2.bias", "blocks.0.mlp.up.weight", "blocks.3.mlp.down.bias",
            "ln_f.weight", "head.weight", "head.bias",
        ] {
            #expect(names.contains(n), "missing \(n)")
        }
        let den = Set(Denoiser(seed: 0).namedParameters().map(\.name))
        for n in ["time.fc1.weight", "time.fc2.bias", "out.weight", "pos"] { #expect(den.contains(n), "missing \(n)") }
        #expect(Set(LM(seed: 0).namedParameters().map(\.name)).contains("embed.weight"))
        #expect(ViT(seed: 0).namedParameters().map(\.name) == ViT(seed: 1).namedParameters().map(\.name))
    }

    @Test func hooksAndSharedTensorsAreWalkedOnce() {
        final class Shared: Module, LinearHook {
            let scale: Tensor
            init(_ s: Tensor) { scale = s }
            func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { base.forward(x) * scale }
        }
        let model = ViT(seed: 0)
        let s = Tensor.ones([1], requiresGrad: true)
        model.blocks[0].attn.q.hook = Shared(s)
        model.blocks[1].attn.q.hook = Shared(s)
        let names = model.namedParameters().map(\.name)
        #expect(names.contains("blocks.0.attn.q.hook.scale"))
        #expect(!names.contains("blocks.1.attn.q.hook.scale"))  // same tensor: listed once, first name
        #expect(model.parameterCount == 201_536 + 650 + 1)
    }

    @Test func freezeByPattern() {
        let model = ViT(seed: 0)
        #expect(model.freeze() == model.namedParameters().count)
        #expect(model.trainableCount == 0)
        #expect(model.unfreeze("blocks.*.attn.?.bias") == 16)
        #expect(model.unfreeze("head.*") == 2)
        #expect(model.trainableCount == 16 * 64 + 650)
        #expect(glob("blocks.*.ln?.weight", "blocks.10.ln2.weight"))
        #expect(!glob("blocks.*.ln?.weight", "blocks.1.ln_f.weight"))
    }

    @Test func checkpointRoundTripAndErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("vit.safetensors").path
        let a = ViT(seed: 1)
        try a.save(to: path)
        let b = ViT(seed: 2)
        try b.load(from: path)
        let x = param([3, 64], seed: 3).detached()
        #expect(withoutGrad { a(x).values } == withoutGrad { b(x).values })
        // A file from another backbone names what is wrong.
        #expect(throws: CheckpointError.self) { try LM(seed: 0).load(from: path) }
        do {
            try b.load(["blocks.0.attn.q.weight": Tensor.zeros([2, 2])], strict: false, source: "x.safetensors")
            Issue.record("expected a shape error")
        } catch {
            #expect(
                "\(error)"
                    == "x.safetensors: 'blocks.0.attn.q.weight' has shape [2, 2] in the file but [64, 64] in the model")
        }
    }
}
