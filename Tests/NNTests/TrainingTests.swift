// Training machinery: AdamW and SGD against hand-computed steps, the schedule, a loss that falls,
// frozen tensors untouched, bit-identical reruns.

import Foundation
import Models
import NN
import PEFT
import Testing
import Tensor
import TestSupport

@Suite struct TrainingTests {
    @Test func adamWMatchesHandComputedSteps() {
        let w = Tensor([1, -2], shape: [2], requiresGrad: true)
        let opt = AdamW([ParameterGroup([w], weightDecay: 0.1)], beta1: 0.9, beta2: 0.999, eps: 1e-8)
        // Step 1, g = (0.5, -1): m̂ = g, v̂ = g², update = g/|g| = ±1 (up to eps).
        w.grad = Tensor([0.5, -1], shape: [2])
        opt.step(lr: 0.01)
        #expect(Swift.abs(w.data[0] - (1 - 0.01 * (1 + 0.1 * 1))) < 1e-6)
        #expect(Swift.abs(w.data[1] - (-2 - 0.01 * (-1 + 0.1 * -2))) < 1e-6)
        #expect(w.grad == nil)
        // Step 2, g = (0.5, 0): m = 0.9·m1 + 0.1·g, v likewise; bias-corrected by 1 − β^2.
        let w1 = w.values
        w.grad = Tensor([0.5, 0], shape: [2])
        opt.step(lr: 0.01)
        let m = [0.9 * 0.05 + 0.05, 0.9 * -0.1 + 0]  // m1 = 0.1·g1
        let v = [0.999 * 0.00025 + 0.00025, 0.999 * 0.001 + 0]  // v1 = 0.001·g1²
        for i in 0..<2 {
            let update = (Double(m[i]) / (1 - 0.81)) / ((Double(v[i]) / (1 - 0.998001)).squareRoot() + 1e-8)
            let expected = Double(w1[i]) - 0.01 * (update + 0.1 * Double(w1[i]))
            #expect(Swift.abs(Double(w.data[i]) - expected) < 1e-6, "entry \(i)")
        }
    }

    /// After `restart`, a parameter steps as under a fresh AdamW (moments and bias correction
    /// from zero); the others go on as if nothing happened.
    @Test func adamWRestartForgetsOnlyTheNamedParameters() {
        let grads: [[Float]] = [[0.5, -1], [0.2, 0.3], [-0.7, 0.1]]
        func run(restartAfter: Int?) -> (restarted: [Float], kept: [Float]) {
            let (a, b) = (
                Tensor([1, -2], shape: [2], requiresGrad: true), Tensor([3, 4], shape: [2], requiresGrad: true)
            )
            let opt = AdamW([ParameterGroup([a, b])])
            for (t, g) in grads.enumerated() {
                (a.grad, b.grad) = (Tensor(g, shape: [2]), Tensor(g, shape: [2]))
                opt.step(lr: 0.01)
                if t == restartAfter { opt.restart([a]) }
            }
            return (a.values, b.values)
        }
        let plain = run(restartAfter: nil), restarted = run(restartAfter: 1)
        #expect(restarted.kept == plain.kept)
        // Two steps, then a fresh start on g₃: m̂ = g₃, v̂ = g₃², a step of exactly lr·sign(g₃).
        let a = Tensor([1, -2], shape: [2], requiresGrad: true)
        let opt = AdamW([ParameterGroup([a])])
        for g in grads.prefix(2) {
            a.grad = Tensor(g, shape: [2])
            opt.step(lr: 0.01)
        }
        let expected = zip(a.values, grads[2]).map { $0 - 0.01 * ($1 > 0 ? 1 : -1) }
        #expect(maxAbsDiff(restarted.restarted, expected) < 1e-6)
        #expect(maxAbsDiff(restarted.restarted, plain.restarted) > 1e-4)
    }

    /// A parameter without a gradient is skipped and its bias correction does not count the
    /// step (PyTorch's per-parameter `step`): one whose first gradient comes at step 4 moves by
    /// exactly lr·sign(g) then, as under a fresh optimizer, while the other has taken four steps.
    @Test func adamWCountsEachParametersOwnUpdates() {
        let (a, b) = (Tensor([1, -2], shape: [2], requiresGrad: true), Tensor([3, 4], shape: [2], requiresGrad: true))
        let opt = AdamW([ParameterGroup([a, b])])
        for _ in 0..<3 {
            b.grad = Tensor([0.5, -1], shape: [2])
            opt.step(lr: 0.01)
        }
        #expect(a.values == [1, -2])
        (a.grad, b.grad) = (Tensor([0.3, -0.2], shape: [2]), Tensor([0.5, -1], shape: [2]))
        opt.step(lr: 0.01)
        #expect(maxAbsDiff(a.values, [1 - 0.01, -2 + 0.01]) < 1e-6)
    }

    @Test func sgdWithMomentum() {
        let w = Tensor([1], shape: [1], requiresGrad: true)
        let opt = SGD([ParameterGroup([w])], momentum: 0.9)
        w.grad = Tensor([2], shape: [1]); opt.step(lr: 0.1)  // buf 2, w 0.8
        w.grad = Tensor([2], shape: [1]); opt.step(lr: 0.1)  // buf 3.8, w 0.42
        #expect(Swift.abs(w.data[0] - 0.42) < 1e-6)
    }

    @Test func warmupCosineSchedule() {
        let s = WarmupCosine(peak: 1, warmup: 4, total: 14, floor: 0.1)
        #expect(s(0) == 0.25 && s(3) == 1)
        #expect(Swift.abs(s(9) - 0.55) < 1e-6)  // halfway through the decay
        #expect(Swift.abs(s(14) - 0.1) < 1e-6 && Swift.abs(s(100) - 0.1) < 1e-6)
    }

    /// Trains a small vit on a fixed random batch and returns the losses.
    func train(steps: Int, threads: Int, lora: Bool = false) -> [Float] {
        Threads.set(threads)
        defer { Threads.set(1) }
        var config = ViTConfig()
        (config.dim, config.hidden, config.depth) = (32, 64, 2)
        let model = ViT(config, seed: 3)
        if lora {
            try! makeMethod("lora", options: ["r": "4", "alpha": "8"]).apply(to: model, seed: 1)
            model.unfreeze("head.*")
        }
        // Ten class prototypes plus noise: a signal the model can learn in a few dozen steps.
        var rng = RNG(seed: 4)
        let prototypes = (0..<10).map { _ in (0..<64).map { _ in rng.uniform(0, 1) } }
        let y = (0..<32).map { $0 % 10 }
        let x = Tensor(y.flatMap { c in prototypes[c].map { $0 + 0.3 * rng.normal() } }, shape: [32, 64])
        let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
        return (0..<steps).map { _ in
            let loss = model(x).crossEntropy(y)
            loss.backward()
            opt.step(lr: 3e-3)
            return loss.item
        }
    }

    @Test func lossFalls() {
        let losses = train(steps: 60, threads: 1)
        #expect(losses.last! < 0.25 * losses.first!, "\(losses.first!) → \(losses.last!)")
    }

    @Test func sameSeedAndThreadsGiveIdenticalLosses() {
        #expect(train(steps: 5, threads: 2) == train(steps: 5, threads: 2))
        #expect(train(steps: 5, threads: 1, lora: true) == train(steps: 5, threads: 1, lora: true))
    }

    @Test func frozenTensorsGetNoGradientAndDoNotMove() {
        var config = ViTConfig()
        (config.dim, config.hidden, config.depth) = (32, 64, 1)
        let model = ViT(config, seed: 5)
        try! makeMethod("lora", options: ["r": "2", "alpha": "4"]).apply(to: model, seed: 0)
        let before = model.namedParameters().map { ($0.name, $0.tensor.values, $0.tensor.requiresGrad) }
        let x = param([4, 64], seed: 6).detached()
        let loss = model(x).crossEntropy([1, 2, 3, 4])
        loss.backward()
        for (name, t) in model.namedParameters() where !t.requiresGrad {
            #expect(t.grad == nil, "\(name) has a gradient")
        }
        SGD([ParameterGroup(model.trainableParameters().map(\.tensor))]).step(lr: 0.5)
        for ((name, old, trainable), (_, t)) in zip(before, model.namedParameters()) {
            // B starts at 0, so A's first gradient is 0 too; every other trainable tensor moves.
            if trainable && !name.hasSuffix(".a") { #expect(t.values != old, "\(name) did not move") }
            if !trainable { #expect(t.values == old, "\(name) moved") }
        }
    }
}
