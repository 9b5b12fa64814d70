// Rank-stabilised LoRA: LoRA with the scale s = α/√r instead of α/r, so the update's size does
// not shrink as the rank grows. Kalajdzievski 2023, arXiv 2312.03732.
// Trainable per target: r·(d_in + d_out). Merge: W ← W₀ + (α/√r)·BA.

public final class RSLoRA: LoRA {
    override public class var name: String { "rslora" }
    override public class var paper: String { "2312.03732" }
    override class var rsLoRA: Bool { true }
    override class func scale(alpha: Float, rank: Int) -> Float { alpha / Float(rank).squareRoot() }
}
