// The `optdigits` task group: tasks over the optdigits images that share `digits`' pretrained
// Fashion backbone and its stratified split (216 validation, 360 test), each with its own head.
// `digits` (1221 training images, 10 classes) is the rich member; the others are low-resource,
// 10 training images per digit (100), so what a multi-task method carries over from the other
// tasks can show:
//   digits-parity  even / odd (2 classes)
//   digits-high    0–4 / 5–9 (2 classes)
//   digits-mirror  the digit, in images mirrored left to right (10 classes)
// They train 200 steps of batch 50 (100 epochs of their 100 images).

import Models

/// What the low-resource members share: 10 training images per digit and their budget.
public class LowResourceDigitsTask: DigitsTask {
    override class var trainPerDigit: Int? { 10 }
    /// 200 steps of batch 50 over the 100 images.
    override public class var training: TrainConfig {
        TrainConfig(steps: 200, batchSize: 50, lr: 2e-3, warmup: 20, weightDecay: 0.01)
    }
    override public class var typicalRunSeconds: Double { 10 }
}

public final class DigitsParityTask: LowResourceDigitsTask {
    override public class var name: String { "digits-parity" }
    override public class var summary: String {
        "vit: optdigits even/odd from 100 images (100/216/360), top-1 accuracy"
    }
    override class func label(_ digit: Int) -> Int { digit % 2 }
    override class var classCount: Int { 2 }
}

public final class DigitsHighTask: LowResourceDigitsTask {
    override public class var name: String { "digits-high" }
    override public class var summary: String {
        "vit: optdigits 0–4 vs 5–9 from 100 images (100/216/360), top-1 accuracy"
    }
    override class func label(_ digit: Int) -> Int { digit >= 5 ? 1 : 0 }
    override class var classCount: Int { 2 }
}

public final class DigitsMirrorTask: LowResourceDigitsTask {
    override public class var name: String { "digits-mirror" }
    override public class var summary: String {
        "vit: optdigits mirrored left to right, from 100 images (100/216/360), top-1 accuracy"
    }
    override class var mirrored: Bool { true }
}
