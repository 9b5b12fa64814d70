// A fixed, seeded, stratified train/test split.

import Tensor

public enum Split {
    /// Indices of a stratified split: in each class, a seeded shuffle puts round(testFraction · n_c)
    /// examples in test. Same labels and seed, same split.
    public static func stratified(labels: [Int], testFraction: Double, seed: UInt64) -> (train: [Int], test: [Int]) {
        var rng = RNG(seed: seed)
        var train: [Int] = [], test: [Int] = []
        for c in Set(labels).sorted() {
            var members = labels.indices.filter { labels[$0] == c }
            members.shuffle(using: &rng)
            let k = Int((testFraction * Double(members.count)).rounded())
            test += members.prefix(k)
            train += members.dropFirst(k)
        }
        return (train.sorted(), test.sorted())
    }
}
