// Fixed, seeded, stratified splits: train/test, and train/validation/test for the tasks.

import Foundation
import Tensor

public enum Split {
    /// Indices of a stratified split with ⌈testFraction · N⌉ test examples (as scikit-learn's
    /// train_test_split: 1797 digits at 0.2 → 360). Each class gets ⌊testFraction · n_c⌋, and the
    /// remaining test places go to the classes with the largest remainders (ties: lower label).
    /// Within a class a seeded shuffle picks the members. Same labels and seed, same split.
    public static func stratified(labels: [Int], testFraction: Double, seed: UInt64) -> (train: [Int], test: [Int]) {
        let classes = Set(labels).sorted()
        let sizes = classes.map { c in labels.lazy.filter { $0 == c }.count }
        let exact = sizes.map { testFraction * Double($0) }
        var quota = exact.map { Int($0.rounded(.down)) }
        let total = Int((testFraction * Double(labels.count) - 1e-9).rounded(.up))
        let byRemainder = classes.indices.sorted {
            (exact[$0] - Double(quota[$0]), -$0) > (exact[$1] - Double(quota[$1]), -$1)
        }
        for i in byRemainder.prefix(Swift.max(0, total - quota.reduce(0, +))) { quota[i] += 1 }
        var rng = RNG(seed: seed)
        var train: [Int] = [], test: [Int] = []
        for (i, c) in classes.enumerated() {
            var members = labels.indices.filter { labels[$0] == c }
            members.shuffle(using: &rng)
            test += members.prefix(quota[i])
            train += members.dropFirst(quota[i])
        }
        return (train.sorted(), test.sorted())
    }

    /// Train / validation / test: the test split exactly as `stratified(testFraction:seed:)` gives
    /// it, then `validationFraction` of the remaining training examples, stratified again with the
    /// next seed. Selection (learning rates) uses validation only; reported numbers are test only.
    public static func threeWay(
        labels: [Int], validationFraction: Double, testFraction: Double,
        seed: UInt64
    ) -> (train: [Int], validation: [Int], test: [Int]) {
        let outer = stratified(labels: labels, testFraction: testFraction, seed: seed)
        let inner = stratified(
            labels: outer.train.map { labels[$0] }, testFraction: validationFraction, seed: seed &+ 1)
        return (inner.train.map { outer.train[$0] }, inner.test.map { outer.train[$0] }, outer.test)
    }
}

/// Which held-out split an evaluation reads. Every result row records it.
public enum EvalSplit: String, Sendable, CaseIterable {
    case validation, test
}
