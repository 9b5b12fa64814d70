// `digits-ddpm`: DDPM (100 steps, linear β 1e-3 → 0.2) on 8x8 digits in [−1, 1]. Pretrain the
// `denoiser` on digits 0–4, adapt it to digits 5–9 (the same stratified splits as `digits`).
// Metric: Fréchet distance between 500 seeded samples and the real 5–9 digits of the split asked
// for, in the 64-d CLS feature space of a reference `vit` trained once (and cached) on the ten
// classes of the training split. Validation and test each have their own real digits and their
// own sample seed, so selecting on validation never sees the test's reals or noise.
// Extras: the share of samples that classifier puts in 5–9, and the denoising loss on the split's
// 5–9 digits. Forgetting: the denoising loss on held-out 0–4 digits, after minus before.
// The output projection `out` (D → 4 pixels) plays the classifier head's part: it trains with
// every method, and `head` (the linear probe) trains it alone.

import Models
import NN
import Tensor

public final class DigitsDDPMTask: FineTuneTask {
    public static let name = "digits-ddpm"
    public static let summary =
        "denoiser: DDPM on digits 0–4 → 5–9, Fréchet distance in a reference classifier's features"

    public static let backbone = BackboneKind.denoiser
    public static let metric = MetricSpec("frechet", higherIsBetter: false)
    public static let sourceMetric = MetricSpec("source_denoise_loss", higherIsBetter: false)
    public let headPattern: String? = "out.*"  // the output projection trains with every method
    public let headIsNew = false
    public static let training = TrainConfig(steps: 300, batchSize: 64, lr: 2e-3, warmup: 30, weightDecay: 0.01)
    public static let typicalRunSeconds: Double = 15
    public var pretraining = TrainConfig(steps: 1500, batchSize: 128, lr: 2e-3, warmup: 100, weightDecay: 0.05)
    public var referenceTraining = TrainConfig(steps: 500, batchSize: 64, lr: 2e-3, warmup: 50, weightDecay: 0.05)
    public var sampleCount = 500
    public var evaluationLimit: Int?

    let ddpm = DDPM(steps: 100, betaStart: 1e-3, betaEnd: 0.2)
    let digitsTrain: ImageSet, digitsTest: ImageSet, sourceTrain: ImageSet, sourceTest: ImageSet
    public let train: ImageSet, validation: ImageSet, test: ImageSet
    var reference: ViT?

    public init() throws {
        let digits = try Optdigits.load()
        let split = Split.threeWay(labels: digits.labels, validationFraction: 0.15, testFraction: 0.2, seed: 0)
        func pick(_ idx: [Int], _ classes: ClosedRange<Int>) -> ImageSet {
            digits.subset(idx.filter { classes.contains(digits.labels[$0]) })
        }
        digitsTrain = digits.subset(split.train)
        digitsTest = digits.subset(split.test)
        sourceTrain = pick(split.train, 0...4)
        sourceTest = pick(split.test, 0...4)
        train = pick(split.train, 5...9)
        validation = pick(split.validation, 5...9)
        test = pick(split.test, 5...9)
    }

    public var trainCount: Int { train.count }

    public func limitPretraining(steps: Int) {
        pretraining = pretraining.capped(steps: steps)
        referenceTraining = referenceTraining.capped(steps: steps)
    }
    public var dataFingerprint: String { "optdigits \(sourceTrain.count)/\(sourceTest.count) ddpm \(ddpm.steps)" }

    /// Loads (or trains and caches) the reference classifier the metric needs.
    public func prepare(cache: PretrainCache) throws {
        let recipe = "reference vit \(referenceTraining) optdigits \(digitsTrain.count)"
        let record = try cache.model(
            "digits-reference", recipe: recipe, seed: 0, metric: MetricSpec("accuracy", higherIsBetter: true)
        ) {
            let vit = ViT(seed: 0)
            _ = Trainer.train(vit, count: digitsTrain.count, config: referenceTraining, seed: 0) { batch, _ in
                vit(digitsTrain.tensor(batch)).crossEntropy(batch.map { digitsTrain.labels[$0] })
            }
            return (vit, Evaluate.accuracy(digitsTest.count, labels: digitsTest.labels) { vit(digitsTest.tensor($0)) })
        }
        let vit = ViT(seed: 0)
        try vit.load(record.weights, source: record.path)
        reference = vit
    }

    public func pretrain(_ model: Module, seed: UInt64) -> Double {
        let denoiser = model as! Denoiser
        _ = Trainer.train(denoiser, count: sourceTrain.count, config: pretraining, seed: seed) { batch, rng in
            denoisingLoss(denoiser, sourceTrain.tensor(batch), rng: &rng)
        }
        return heldOutLoss(denoiser, sourceTest)
    }

    public func makeModel(pretrained: [String: Tensor], seed: UInt64) throws -> TaskModel {
        let denoiser = Denoiser(seed: seed)
        try denoiser.load(pretrained, source: "pretrained \(Self.name)")
        return TaskModel(denoiser)
    }

    /// The ε-prediction at uniformly drawn timesteps, against the noise that was added.
    func denoising(_ denoiser: Denoiser, _ x0: Tensor, rng: inout RNG) -> Prediction {
        let steps = (0..<x0.shape[0]).map { _ in Int.random(in: 0..<ddpm.steps, using: &rng) }
        let noise = Tensor.randn(x0.shape, rng: &rng)
        return Prediction(denoiser(ddpm.noisy(x0, noise: noise, steps: steps), steps: steps), .values(noise))
    }
    func denoisingLoss(_ denoiser: Denoiser, _ x0: Tensor, rng: inout RNG) -> Tensor {
        denoising(denoiser, x0, rng: &rng).loss
    }

    /// The denoising loss on a held-out set with fixed timesteps and noise (comparable across runs).
    func heldOutLoss(_ denoiser: Denoiser, _ set: ImageSet, limit: Int? = nil) -> Double {
        var rng = RNG(seed: 99)
        let n = limit ?? set.count
        return withoutGrad { Double(denoisingLoss(denoiser, set.tensor(Array(0..<n)), rng: &rng).item) }
    }

    public func prediction(_ model: TaskModel, batch: [Int], rng: inout RNG) -> Prediction {
        denoising(model.module as! Denoiser, train.tensor(batch), rng: &rng)
    }

    public func evaluate(_ model: TaskModel, on split: EvalSplit) -> Evaluation {
        guard let reference else { preconditionFailure("digits-ddpm: call prepare(cache:) before evaluate") }
        let denoiser = model.module as! Denoiser
        let (realTarget, sampleSeed): (ImageSet, UInt64) = split == .test ? (test, 1234) : (validation, 4321)
        var rng = RNG(seed: sampleSeed)
        let samples = withoutGrad {
            ddpm.sample(count: evaluated(sampleCount), pixels: 64, rng: &rng) { denoiser($0, steps: $1) }
        }
        let clipped = Tensor(samples.values.map { Swift.min(Swift.max($0, -1), 1) }, shape: samples.shape)
        let (fake, predicted) = withoutGrad { () -> (Tensor, [Int]) in
            let f = reference.features(clipped)
            return (f, Evaluate.argmax(reference.head(f)))
        }
        let real = withoutGrad { reference.features(realTarget.tensor(Array(0..<realTarget.count))) }
        let share = Double(predicted.filter { $0 >= 5 }.count) / Double(predicted.count)
        return Evaluation(
            Frechet.distance(fake.values, real.values, dim: reference.config.dim),
            extras: [("target_share", share), ("denoise_loss", heldOutLoss(denoiser, realTarget))])
    }

    public func validationLoss(_ model: TaskModel) -> Double {
        heldOutLoss(model.module as! Denoiser, validation, limit: validationIndices(validation.count).count)
    }

    public func probeSource(_ model: TaskModel) -> Double { heldOutLoss(model.module as! Denoiser, sourceTest) }

    /// One denoising step on 64 held-out images (a sample takes `ddpm.steps` of these).
    public func infer(_ model: TaskModel) {
        let denoiser = model.module as! Denoiser
        _ = withoutGrad {
            denoiser(
                test.tensor(Array(0..<evaluated(64))), steps: [Int](repeating: ddpm.steps / 2, count: evaluated(64)))
        }
    }
}
