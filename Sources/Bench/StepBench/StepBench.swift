// The training-step benchmark's cases: one training step (forward, backward, AdamW) of a backbone
// under full fine-tuning or LoRA r=8 on q and v, on a fixed synthetic batch. The minilm cases are
// all-MiniLM-L6-v2's shape (random weights cost the same) classifying 32 sequences of 32 tokens
// (nouns26's definitions: median 14 pieces, a batch's longest about 40) into 26 classes from the
// mean-pooled embedding. A run reports every
// timed step, the matmul work of a step (counted at the gemm calls, so skipped dW products are not
// counted), its largest product, and the peak of live tensor bytes (weights, gradients, optimizer
// state and activations) over the whole run.

import Foundation
import Models
import NN
import PEFT
import Tensor

public struct StepCase: Sendable {
    public enum Backbone: String, Sendable, CaseIterable { case lm, vit, minilm }
    public enum Tuning: String, Sendable, CaseIterable { case full, lora }
    public let backbone: Backbone
    public let tuning: Tuning
    public var name: String { "\(backbone.rawValue)-\(tuning.rawValue)" }
    public var batch: Int { backbone == .vit ? 64 : 32 }
    public var unit: String { backbone == .vit ? "images" : "tokens" }
    /// minilm's sequence length.
    public static let minilmLength = 32
    /// Items per step: tokens for the LM (32 × 64) and minilm (32 × 32), images for the ViT.
    public var items: Int {
        switch backbone {
        case .lm: batch * LMConfig().context
        case .vit: batch
        case .minilm: batch * Self.minilmLength
        }
    }

    public static let all: [StepCase] = Backbone.allCases.flatMap { b in
        Tuning.allCases.map { StepCase(backbone: b, tuning: $0) }
    }

    /// Parses "lm-full,vit-lora"; an unknown name lists the valid ones.
    public static func parse(_ list: String) throws -> [StepCase] {
        try list.split(separator: ",").map { name in
            guard let c = all.first(where: { $0.name == name }) else {
                throw BenchError.invalid(
                    "unknown bench case '\(name)'; valid: \(all.map(\.name).joined(separator: ", "))")
            }
            return c
        }
    }
}

/// What one run of a case measured.
public struct StepSample: Sendable {
    public let times: [Double]  // ms of each timed step
    public let flopsPerStep: Int  // matmul work (2·M·N·K summed over every gemm call)
    public let largest: GemmCounter.Shape
    public let peakBytes: Int
    public let trainable: Int
}

public enum StepBench {
    /// Runs one case from a fresh model: `warmup` untimed steps, then `steps` timed ones.
    public static func run(_ c: StepCase, steps: Int, warmup: Int, seed: UInt64 = 0) -> StepSample {
        var times: [Double] = []
        var flops = 0, trainable = 0
        var largest: GemmCounter.Shape?
        let (_, peak) = MemoryMeter.measure {
            let step = makeStep(c, seed: seed)
            trainable = step.trainable
            for _ in 0..<warmup { step.run() }
            for _ in 0..<steps {
                let t0 = DispatchTime.now().uptimeNanoseconds
                (_, flops, largest) = GemmCounter.measure { step.run() }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
        }
        return StepSample(times: times, flopsPerStep: flops, largest: largest!, peakBytes: peak, trainable: trainable)
    }

    /// A training step ready to run, with the model and optimizer it owns.
    struct Step {
        let run: () -> Void
        let trainable: Int
    }

    static func makeStep(_ c: StepCase, seed: UInt64) -> Step {
        var rng = RNG(seed: seed ^ 0xBE7C)
        switch c.backbone {
        case .lm:
            let model = LM(seed: seed)
            if c.tuning == .lora {
                try! makeMethod("lora", options: ["r": "8", "alpha": "16"]).apply(to: model, seed: seed)
            }
            let t = model.config.context, b = c.batch
            let ids = (0..<(b * t)).map { _ in Int(rng.next() % 256) }
            let targets = Array(ids.dropFirst()) + [0]
            let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
            return Step(
                run: {
                    let loss = model(ids, batch: b, length: t).reshaped([b * t, 256]).crossEntropy(targets)
                    loss.backward()
                    opt.step(lr: 1e-4)
                }, trainable: model.trainableCount)
        case .vit:
            let model = ViT(seed: seed)
            if c.tuning == .lora {
                try! makeMethod("lora", options: ["r": "8", "alpha": "16"]).apply(to: model, seed: seed)
                model.unfreeze("head.*")  // the task head trains, as PEFT's modules_to_save
            }
            let images = Tensor.uniform([c.batch, 64], 0, 1, rng: &rng)
            let labels = (0..<c.batch).map { _ in Int(rng.next() % 10) }
            let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
            return Step(
                run: {
                    let loss = model(images).crossEntropy(labels)
                    loss.backward()
                    opt.step(lr: 1e-4)
                }, trainable: model.trainableCount)
        case .minilm:
            var config = BERTConfig()
            config.classes = 26
            let model = MiniLM(config, seed: seed)
            if c.tuning == .lora {
                try! makeMethod("lora", options: ["r": "8", "alpha": "16"]).apply(to: model, seed: seed)
                model.unfreeze("head.*")
            }
            let (b, t) = (c.batch, StepCase.minilmLength)
            let ids = (0..<(b * t)).map { _ in 1_000 + Int(rng.next() % 29_000) }
            let labels = (0..<b).map { _ in Int(rng.next() % 26) }
            let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
            return Step(
                run: {
                    let loss = model(ids, batch: b, length: t, lengths: Array(repeating: t, count: b)).crossEntropy(
                        labels)
                    loss.backward()
                    opt.step(lr: 1e-4)
                }, trainable: model.trainableCount)
        }
    }

    /// Median GFLOP/s of sgemm alone on `shape`, over repeated timed batches of calls.
    public static func sgemmThroughput(_ s: GemmCounter.Shape, threads: Int = Threads.count) -> Double {
        var rng = RNG(seed: 7)
        let a = Tensor.uniform([s.m * s.k], -1, 1, rng: &rng), b = Tensor.uniform([s.k * s.n], -1, 1, rng: &rng)
        let c = Tensor.zeros([s.m * s.n])
        let reps = max(1, Int(2e8 / Double(s.flops)))  // about 0.2 GFLOP per sample
        var rates: [Double] = []
        for _ in 0..<11 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<reps {
                gemm(
                    transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k, a: a.data, lda: s.transA ? s.m : s.k,
                    b: b.data, ldb: s.transB ? s.k : s.n, beta: 0, c: c.data, ldc: s.n, threads: threads)
            }
            rates.append(Double(reps * s.flops) / (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9) / 1e9)
        }
        return median(rates)
    }
}

public func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
