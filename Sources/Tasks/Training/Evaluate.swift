// Evaluation helpers shared by the tasks: batched inference without a graph, accuracy, and image
// tensors in the models' input range.

import NN
import Tensor

extension ImageSet {
    /// Images at `indices` as a (B, 64) tensor in [−1, 1] (0…16 ↦ x/8 − 1).
    public func tensor(_ indices: [Int]) -> Tensor {
        var v = [Float](repeating: 0, count: indices.count * 64)
        for (row, i) in indices.enumerated() {
            for j in 0..<64 { v[row * 64 + j] = pixels[i * 64 + j] / 8 - 1 }
        }
        return Tensor(v, shape: [indices.count, 64])
    }
}

public enum Evaluate {
    /// Runs `body` on consecutive chunks of `0..<count` without recording a graph, in eval mode.
    public static func chunks(_ count: Int, size: Int = 500, _ body: ([Int]) -> Void) {
        withoutGrad {
            for start in stride(from: 0, to: count, by: size) { body(Array(start..<Swift.min(start + size, count))) }
        }
    }

    /// Row-wise argmax of (N, C) logits.
    public static func argmax(_ logits: Tensor) -> [Int] {
        let (n, c) = (logits.shape[0], logits.shape[1])
        let v = logits.data
        return (0..<n).map { i in (0..<c).max { v[i * c + $0] < v[i * c + $1] }! }
    }

    /// Fraction of `count` examples whose predicted class (from `logits(chunk)`) equals `labels`.
    public static func accuracy(_ count: Int, labels: [Int], logits: ([Int]) -> Tensor) -> Double {
        var correct = 0
        chunks(count) { idx in
            for (i, p) in zip(idx, argmax(logits(idx))) where labels[i] == p { correct += 1 }
        }
        return Double(correct) / Double(count)
    }
}
