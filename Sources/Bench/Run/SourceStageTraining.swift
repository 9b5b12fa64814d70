// A multi-task method's source stage (PEFT/Core/MultiTask.swift): its single-task method trained
// on each task of the target's group, with the same seed and the task's own training settings at
// the default rate (the task's × the stage method's scale), through the same `Runner.prepare` and
// `Runner.train` as any run. A trained state depends only on (stage, task, backbone, seed,
// settings), so it is cached beside the backbones and shared by every target and method that
// needs it; its training time stays recorded and is charged to each row that uses it.

import Foundation
import NN
import PEFT
import Tasks
import Tensor

public struct SourceStageMember {
    public let task: any FineTuneTask
    public let pretrained: PretrainRecord
    public let training: TrainConfig
    public init(task: any FineTuneTask, pretrained: PretrainRecord, training: TrainConfig) {
        (self.task, self.pretrained, self.training) = (task, pretrained, training)
    }
}

public enum SourceStageTraining {
    /// Bump when a change to the methods or the trainer changes what a source stage trains (the
    /// backbones' `PretrainCache.codeVersion` need not move with it).
    public static let codeVersion = 1

    /// The stage's state on every member of the group, in group order; `target` marks the target.
    public static func states(
        _ stage: SourceStage, members: [SourceStageMember], target: String, seed: UInt64, cache: PretrainCache
    ) throws -> [SourceState] {
        try members.map { m in
            let name = m.task.name
            // Everything the trained tensors depend on: the stage and its rate (the task's × the
            // method's scale), the member's training data, its settings, the backbone entry, the seed.
            let rate = m.training.lr * (try methodType(named: stage.method).lrScale)
            let recipe =
                "source v\(codeVersion) \(stage.label) lr \(rate) on \(name) data[\(m.task.trainingFingerprint)] seed \(seed) \(m.training) backbone \((m.pretrained.path as NSString).lastPathComponent)"
            let entryName = "\(name)-\(stage.method)"
            // One worker trains a stage; another waiting for the lock then reads its entry (and
            // its recorded seconds), instead of training the same stage again.
            try FileManager.default.createDirectory(
                atPath: cache.directory + "/sources", withIntermediateDirectories: true)
            let entry = try FileLock.withLock("\(cache.directory)/sources/\(entryName).lock") {
                try cache.tensors(entryName, recipe: recipe) { try train(stage, on: m, seed: seed) }
            }
            return SourceState(task: name, isTarget: name == target, tensors: entry.tensors, seconds: entry.seconds)
        }
    }

    /// Trains the stage on one task; returns its trained tensors without the task head.
    static func train(_ stage: SourceStage, on m: SourceStageMember, seed: UInt64) throws -> [String: Tensor] {
        let spec = RunSpec(method: stage.method, options: stage.options, seed: seed, training: m.training)
        let p = try Runner.prepare(spec, task: m.task, pretrained: m.pretrained)
        let (log, _) = Runner.train(p, task: m.task, seed: seed)
        guard !log.diverged else {
            throw BenchError.invalid(
                "source stage \(stage.label) diverged on \(m.task.name) (seed \(seed)) at step \(log.losses.count - 1)")
        }
        let module = p.model.module, rewritten = Set(p.method.rewrittenTensors(module))
        return Dictionary(
            uniqueKeysWithValues: module.namedParameters().filter {
                ($0.tensor.requiresGrad || rewritten.contains($0.name)) && !p.isHead($0.name)
            }.map { ($0.name, $0.tensor.detached()) })
    }
}
