// The task API: splits and their determinism, what each task hands out, the pretraining cache
// (hit, miss and key), the trainer's divergence guard, and a short fine-tune of a (briefly)
// pretrained vit's head on digits that must beat chance by a wide margin.

import Foundation
import Synchronization
import Models
import NN
@testable import Tasks
import Tensor
import Testing

@Suite(.serialized) struct TaskTests {
    @Test func registryNamesAndErrors() throws {
        let names = ["digits", "nouns8", "nouns26", "digits-ddpm", "digits-parity", "digits-high", "digits-mirror"]
        #expect(allTasks.map { $0.name } == names)
        #expect(throws: TaskError.unknownTask("digit", valid: names)) {
            try taskType(named: "digit")
        }
    }

    @Test func digitsSplitIsFixedAndStratified() throws {
        let a = try DigitsTask(), b = try DigitsTask()
        #expect(a.train.count == 1_221 && a.validation.count == 216 && a.test.count == 360)
        #expect(a.test == b.test && a.train == b.train && a.validation == b.validation)
        let perClass = Dictionary(grouping: a.test.labels, by: { $0 }).mapValues(\.count)
        #expect(perClass.values.allSatisfy { (35...37).contains($0) })
        let perClassValidation = Dictionary(grouping: a.validation.labels, by: { $0 }).mapValues(\.count)
        #expect(perClassValidation.values.allSatisfy { (21...22).contains($0) })
    }

    @Test func ddpmTaskSeparatesSourceAndTargetClasses() throws {
        let t = try DigitsDDPMTask()
        #expect(t.train.labels.allSatisfy { (5...9).contains($0) } && t.test.labels.allSatisfy { (5...9).contains($0) })
        #expect(t.validation.labels.allSatisfy { (5...9).contains($0) })
        #expect(
            t.train.count + t.validation.count + t.test.count == (try Optdigits.load()).labels.filter { $0 >= 5 }.count)
        #expect(t.headPattern == "out.*" && !t.metric.higherIsBetter)
    }

    /// The consistency loss runs the batch twice with the same random draws (timesteps, noise):
    /// for a deterministic model the two predictions agree and the loss is the plain loss.
    @Test func consistencyPassesShareTheirRandomDraws() throws {
        let t = try DigitsDDPMTask()
        let weights = Dictionary(uniqueKeysWithValues: Denoiser(seed: 3).namedParameters().map { ($0.name, $0.tensor) })
        let model = try t.makeModel(pretrained: weights, seed: 0)
        var (r1, r2) = (RNG(seed: 8), RNG(seed: 8))
        let plain = withoutGrad { t.loss(model, batch: [0, 1, 2, 3], rng: &r1) }.item
        let twice = withoutGrad { t.loss(model, batch: [0, 1, 2, 3], rng: &r2, consistency: 5) }.item
        #expect(plain == twice && plain > 0)
        #expect(r1.next() == r2.next())  // and it leaves the generator where one pass would
    }

    @Test func nouns8SplitAndPretrainingCorpusLeavesEvaluationSynsetsOut() throws {
        let t = try Nouns8Task()
        #expect(t.train.count == 2_176 && t.validation.count == 384 && t.test.count == 640)
        #expect(Set(t.train.map(\.synset)).isDisjoint(with: t.test.map(\.synset)))
        #expect(Set(t.train.map(\.synset)).isDisjoint(with: t.validation.map(\.synset)))
        #expect(Set(t.validation.map(\.synset)).isDisjoint(with: t.test.map(\.synset)))
        // The pretraining corpus (training and held-out parts) holds every other synset's gloss.
        let all = try ["noun", "verb", "adj", "adv"].reduce(0) { $0 + (try WordNet.synsets($1).count) }
        #expect(t.corpusGlossCount == all - 3_200)
        let probe = try #require(t.test.first)
        let model = try t.makeModel(pretrained: LM(seed: 0).stateDict(), seed: 1)
        var rng = RNG(seed: 0)
        let loss = t.loss(model, batch: Array(0..<32), rng: &rng).item
        #expect(abs(loss - log(8)) < 0.5, "a fresh 8-way head starts near ln 8, got \(loss) (\(probe.text))")
    }

    @Test(.enabled(if: MiniLMFixtures.realModel != nil || MiniLMFixtures.requireRealModel))
    func nouns26SplitsEveryClassAndNeverTruncates() throws {
        let t = try Nouns26Task()
        #expect(t.train.count == 2_510 && t.validation.count == 444 && t.test.count == 739)
        #expect(Set(t.train.map(\.label)).count == 26 && Set(t.test.map(\.label)).count == 26)
        #expect(Set(t.train.map(\.synset)).isDisjoint(with: t.test.map(\.synset)))
        #expect(Set(t.validation.map(\.synset)).isDisjoint(with: t.train.map(\.synset)))
        let all = t.train + t.validation + t.test
        let cut = all.filter { t.tokenizer.encode($0.text).count > Nouns26Task.maxTokens }.count
        #expect(cut * 200 < all.count, "\(cut) of \(all.count) definitions are truncated")
        let model = try t.makeModel(pretrained: [:], seed: 1)
        var rng = RNG(seed: 0)
        let loss = t.loss(model, batch: Array(0..<8), rng: &rng).item
        #expect(abs(loss - log(26)) < 0.7, "a fresh 26-way head starts near ln 26, got \(loss)")
    }

    @Test func byteBatchesPadOnTheRight() {
        let (ids, t, lengths) = ByteText.batch([ByteText.encode("ab", limit: 64), ByteText.encode("xyz", limit: 2)])
        #expect(t == 2 && lengths == [2, 2] && ids == [97, 98, 120, 121])
        let (ids2, t2, _) = ByteText.batch([[5], [6, 7, 8]])
        #expect(t2 == 3 && ids2 == [5, 0, 0, 6, 7, 8])
    }

    @Test func trainerStopsOnADivergedLoss() {
        let w = Tensor([1], shape: [1], requiresGrad: true)
        let m = Holder(w)
        let log = Trainer.train(m, count: 4, config: TrainConfig(steps: 10, batchSize: 2, lr: 0.1), seed: 0) { _, _ in
            (w * Float.nan).sum()
        }
        #expect(log.diverged && log.losses.count == 1 && log.stepMs.isEmpty)
    }

    @Test func batchOrderCoversEveryExampleEachEpoch() {
        var order = BatchOrder(count: 10, batchSize: 5, seed: 3)
        let epoch = order.next() + order.next()
        #expect(epoch.sorted() == Array(0..<10))
        var again = BatchOrder(count: 10, batchSize: 5, seed: 3)
        #expect(again.next() == Array(epoch.prefix(5)))
    }

    @Test func pretrainCacheHitsMissesAndHeadFineTuneBeatsChance() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-cache-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let task = try DigitsTask()
        task.pretraining = TrainConfig(steps: 150, batchSize: 64, lr: 2e-3, warmup: 10)
        let cache = PretrainCache(directory: dir)
        let first = try task.pretrained(cache: cache)
        #expect(!first.fromCache && first.quality > 0.5, "Fashion accuracy after 150 steps: \(first.quality)")
        let second = try task.pretrained(cache: cache)
        #expect(second.fromCache && second.path == first.path && second.quality == first.quality)
        #expect(second.weights.keys.sorted() == first.weights.keys.sorted())
        #expect(second.weights.allSatisfy { $0.value.values == first.weights[$0.key]!.values })
        let other = try task.pretrained(cache: cache, seed: 1)
        #expect(!other.fromCache && other.path != first.path)

        // Linear probe: freeze the backbone, train the fresh head only.
        let model = try task.makeModel(pretrained: second.weights, seed: 0)
        #expect(model.module.freeze() > 0 && model.module.unfreeze(task.headPattern!) == 2)
        let before = task.probeSource(model)
        #expect(abs(before - second.quality) < 1e-9, "the probe measures what pretraining recorded")
        let config = TrainConfig(steps: 200, batchSize: 64, lr: 2e-2, warmup: 10)
        let log = Trainer.train(model.module, count: task.trainCount, config: config, seed: 0) { batch, rng in
            task.loss(model, batch: batch, rng: &rng)
        }
        let accuracy = task.evaluate(model, on: .test).value
        #expect(!log.diverged && accuracy > 0.4, "head-only digits accuracy \(accuracy) (chance 0.1)")
        #expect(task.probeSource(model) == before, "a frozen backbone forgets nothing")
    }
}

@Suite struct CacheConcurrencyTests {
    @Test func concurrentBuildersOfOneEntryAllSucceed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-cache-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = PretrainCache(directory: dir)
        let done = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let r = try? cache.model("same", recipe: "r", seed: 0, metric: MetricSpec("m", higherIsBetter: true)) {
                (Holder(Tensor([1, 2], shape: [2])), 0.5)
            }
            if r?.weights["w"]?.values == [1, 2] { done.withLock { $0 += 1 } }
        }
        #expect(done.withLock { $0 } == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1, "no partial files left")
    }
}

/// A module holding one tensor, for trainer tests.
final class Holder: Module {
    let w: Tensor
    init(_ w: Tensor) { self.w = w }
}

@Suite struct TaskGroupTests {
    @Test func optdigitsGroupSharesTheBackboneAndTheSplit() throws {
        #expect(
            taskGroup(of: DigitsParityTask.self).map { $0.name } == [
                "digits", "digits-parity", "digits-high", "digits-mirror",
            ])
        #expect(taskGroup(of: Nouns8Task.self).isEmpty && taskGroups == ["optdigits"])
        #expect(Set(taskGroup(of: DigitsTask.self).map { $0.pretrainingName }) == ["digits"])
        let digits = try DigitsTask(), parity = try DigitsParityTask(), high = try DigitsHighTask()
        let mirror = try DigitsMirrorTask()
        #expect(digits.trainCount == 1221 && [parity, high, mirror].allSatisfy { $0.trainCount == 100 })
        #expect(parity.test.pixels == digits.test.pixels && parity.test.labels == digits.test.labels.map { $0 % 2 })
        #expect(high.validation.labels == digits.validation.labels.map { $0 >= 5 ? 1 : 0 })
        #expect(mirror.test.labels == digits.test.labels && mirror.test.mirrored().pixels == digits.test.pixels)
        #expect(mirror.test.pixels[0] == digits.test.pixels[7] && mirror.test.pixels[8] == digits.test.pixels[15])
        // 10 training images per digit, all from digits' own training split.
        #expect(mirror.train.labels.sorted() == (0..<10).flatMap { [Int](repeating: $0, count: 10) })
        let trainImages = Set((0..<digits.trainCount).map { Array(digits.train.pixels[($0 * 64)..<($0 * 64 + 64)]) })
        #expect((0..<100).allSatisfy { trainImages.contains(Array(parity.train.pixels[($0 * 64)..<($0 * 64 + 64)])) })
        let model = try parity.makeModel(pretrained: ViT(seed: 0).stateDict(), seed: 0)
        #expect((model.module as! ViT).head.outFeatures == 2 && DigitsParityTask.training.batchSize == 50)
    }
}
