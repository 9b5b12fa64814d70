// LoRA-FA's own behaviour (the contract tests cover the rest): A never moves, and a training
// step holds less activation memory than LoRA's, because x is not kept for A's gradient.

import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct LoRAFATests {
    @Test func theDownProjectionNeverMoves() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("lora-fa")
        try method.apply(to: model, seed: 0)
        let a = model.namedParameters().filter { $0.name.hasSuffix("hook.a") }
        #expect(a.count == 2 && a.allSatisfy { !$0.tensor.requiresGrad })
        let before = a.map { $0.tensor.values }
        train(model, method, steps: 3)
        #expect(a.map { $0.tensor.values } == before)
        #expect(
            model.namedParameters().filter { $0.name.hasSuffix("hook.b") }.allSatisfy {
                $0.tensor.values.contains { $0 != 0 }
            })
    }

    /// Peak live bytes of a forward and backward pass on the real vit with a batch of 64: LoRA-FA
    /// saves at least the q and v inputs LoRA keeps for ∂A (2 targets × 4 blocks × 64·17·64 floats).
    @Test func aTrainingStepKeepsLessActivationMemoryThanLoRA() throws {
        func peak(_ name: String) throws -> Int {
            let model = ViT(seed: 0)
            try makeMethod(name).apply(to: model, seed: 0)
            var rng = RNG(seed: 1)
            let x = Tensor.uniform([64, 64], 0, 16, rng: &rng)
            return MemoryMeter.measure { model(x).crossEntropy(Array(repeating: 3, count: 64)).backward() }.peakBytes
        }
        let (lora, fa) = (try peak("lora"), try peak("lora-fa"))
        let inputs = 2 * 4 * 64 * 17 * 64 * 4  // q and v share one input per block; counted per target as a bound
        #expect(lora - fa >= inputs / 2, "LoRA \(lora) B, LoRA-FA \(fa) B")
    }
}
