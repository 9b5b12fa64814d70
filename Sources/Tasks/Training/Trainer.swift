// The one training loop: pretraining, fine-tuning and the suite all use it, so a step means the
// same thing everywhere. Seeded epoch shuffles, AdamW with warmup + cosine (to a tenth of the
// peak), weight decay on matrices only, and a loss that goes NaN or infinite stops the run as
// diverged instead of poisoning the weights.

import Foundation
import NN
import Tensor

/// Training settings; tasks give defaults, suites override them.
public struct TrainConfig: Sendable, Codable, Equatable {
    public var steps: Int
    public var batchSize: Int
    public var lr: Float
    public var warmup: Int
    public var weightDecay: Float
    /// The same recipe with at most `steps` steps (warm-up shortened to a tenth of them if longer).
    public func capped(steps: Int) -> TrainConfig {
        var c = self
        c.steps = Swift.min(c.steps, steps)
        c.warmup = Swift.min(c.warmup, c.steps / 10)
        return c
    }

    public init(steps: Int, batchSize: Int, lr: Float, warmup: Int = 0, weightDecay: Float = 0) {
        self.steps = steps
        self.batchSize = batchSize
        self.lr = lr
        self.warmup = warmup
        self.weightDecay = weightDecay
    }
}

/// What a training run did.
public struct TrainLog: Sendable {
    public var losses: [Float] = []  // one per step
    public var stepMs: [Double] = []  // wall time of each step
    public var seconds: Double = 0  // training only; evaluation is never inside
    public var diverged = false
    public var medianStepMs: Double {
        let s = stepMs.sorted()
        return s.isEmpty ? 0 : (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
    }
}

/// Called with the step index (0-based) after the backward pass or after the optimizer step;
/// methods that adjust themselves during training (budget schedules, masks) use them.
public typealias StepHook = (_ step: Int) -> Void

public enum Trainer {
    /// Trains the parameters of `model` that require a gradient on `count` examples for
    /// `config.steps` steps. `loss(batch, rng)` builds the loss of the examples at `batch`;
    /// `regularizer` (if any) is added to it; `groups` replaces the default parameter groups;
    /// `restarts(step)` names the parameters whose optimizer state restarts after that step.
    public static func train(
        _ model: Module, count: Int, config: TrainConfig, seed: UInt64,
        groups: [ParameterGroup]? = nil,
        regularizer: (() -> Tensor?)? = nil,
        afterBackward: StepHook? = nil,
        afterStep: StepHook? = nil,
        restarts: ((_ step: Int) -> [Tensor])? = nil,
        progress: ((_ step: Int, _ loss: Float) -> Void)? = nil,
        loss: (_ batch: [Int], _ rng: inout RNG) -> Tensor
    ) -> TrainLog {
        precondition(count > 0 && config.batchSize > 0, "Trainer: empty data or batch")
        model.train(true)
        defer { model.train(false) }
        let optimizer = AdamW(
            (groups ?? defaultGroups(model, weightDecay: config.weightDecay)).map { $0.resolved(runPeak: config.lr) })
        let schedule = WarmupCosine(peak: config.lr, warmup: config.warmup, total: config.steps, floor: config.lr / 10)
        var rng = RNG(seed: seed)
        var batches = BatchOrder(count: count, batchSize: Swift.min(config.batchSize, count), seed: seed)
        var log = TrainLog()
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 0..<config.steps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            var l = loss(batches.next(), &rng)
            if let r = regularizer?() { l = l + r }
            let value = l.item
            guard value.isFinite else { log.diverged = true; log.losses.append(value); break }
            l.backward()
            afterBackward?(step)
            optimizer.step(lr: schedule(step))
            afterStep?(step)
            if let restarted = restarts?(step), !restarted.isEmpty { optimizer.restart(restarted) }
            log.losses.append(value)
            log.stepMs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            progress?(step, value)
        }
        log.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return log
    }

    /// The model's trainable tensors, matrices with weight decay and vectors without.
    public static func defaultGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup] {
        ParameterGroup.decayingMatrices(model.trainableParameters().map(\.tensor), weightDecay: weightDecay)
    }
}

/// Epochs of seeded shuffles cut into equal batches (a short last batch is dropped, so every step
/// sees the same batch size).
public struct BatchOrder {
    let count: Int, batchSize: Int
    var rng: RNG
    var order: [Int] = []
    var cursor = 0

    public init(count: Int, batchSize: Int, seed: UInt64) {
        self.count = count
        self.batchSize = batchSize
        rng = RNG(seed: seed ^ 0xBA7C4)
    }

    public mutating func next() -> [Int] {
        if cursor + batchSize > order.count {
            order = Array(0..<count)
            order.shuffle(using: &rng)
            cursor = 0
        }
        defer { cursor += batchSize }
        return Array(order[cursor..<(cursor + batchSize)])
    }
}
