// Simple baselines the README sets beside the transformer results: multinomial logistic
// regression on the raw pixels (digits) and on bag-of-words features (nouns8, nouns26), trained with the
// same Trainer on the same splits.

import Foundation
import NN
import Tensor

public enum Baselines {
    /// A linear classifier trained on dense features; returns held-out accuracy.
    static func logisticRegression(
        train: [[Float]], trainLabels: [Int], test: [[Float]], testLabels: [Int],
        classes: Int, steps: Int = 600, lr: Float = 1e-2, seed: UInt64 = 0
    ) -> Double {
        let dim = train[0].count
        final class Probe: Module {
            let layer: Linear
            init(_ d: Int, _ c: Int, rng: inout RNG) { layer = Linear(d, c, rng: &rng) }
        }
        var rng = RNG(seed: seed)
        let probe = Probe(dim, classes, rng: &rng)
        func batch(_ rows: [[Float]], _ idx: [Int]) -> Tensor {
            Tensor(idx.flatMap { rows[$0] }, shape: [idx.count, dim])
        }
        _ = Trainer.train(
            probe, count: train.count,
            config: TrainConfig(steps: steps, batchSize: 128, lr: lr, warmup: 20, weightDecay: 1e-3),
            seed: seed
        ) { idx, _ in
            probe.layer(batch(train, idx)).crossEntropy(idx.map { trainLabels[$0] })
        }
        return Evaluate.accuracy(test.count, labels: testLabels) { probe.layer(batch(test, $0)) }
    }

    /// Softmax regression on the 64 pixels scaled to [0, 1].
    public static func digitsSoftmaxRegression(_ task: DigitsTask) -> Double {
        func rows(_ s: ImageSet) -> [[Float]] {
            (0..<s.count).map { i in s.pixels[(i * 64)..<(i * 64 + 64)].map { $0 / 16 } }
        }
        return logisticRegression(
            train: rows(task.train), trainLabels: task.train.labels, test: rows(task.test),
            testLabels: task.test.labels, classes: 10, steps: 3_000, lr: 5e-2)
    }

    /// Lower-cased words (letters only).
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }

    /// Logistic regression on binary bag-of-words features (training-set words seen at least twice).
    public static func nouns8BagOfWords(_ task: Nouns8Task) -> Double {
        bagOfWords(train: task.train, test: task.test, classes: Nouns8.classes.count)
    }

    public static func nouns26BagOfWords(_ task: Nouns26Task) -> Double {
        bagOfWords(train: task.train, test: task.test, classes: Nouns26.classes.count)
    }

    static func bagOfWords(train: [LabelledText], test: [LabelledText], classes: Int) -> Double {
        var counts: [String: Int] = [:]
        for e in train { for w in Set(words(e.text)) { counts[w, default: 0] += 1 } }
        let vocabulary = counts.filter { $0.value >= 2 }.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        func rows(_ set: [LabelledText]) -> [[Float]] {
            set.map { e in
                var v = [Float](repeating: 0, count: vocabulary.count)
                for w in words(e.text) { if let i = index[w] { v[i] = 1 } }
                return v
            }
        }
        return logisticRegression(
            train: rows(train), trainLabels: train.map(\.label), test: rows(test),
            testLabels: test.map(\.label), classes: classes, lr: 2e-2)
    }
}
