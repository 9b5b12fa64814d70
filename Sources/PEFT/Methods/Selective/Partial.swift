// Partial fine-tuning: the last k blocks train fully, plus the final norm. Lee et al. 2019,
// arXiv 1911.03090 (tuning the last quarter of the layers keeps about 90% of full-FT quality).
// Trainable: k(12d² + 13d) + 2d (final_norm=true, on a backbone with a norm after its blocks;
// a post-LN encoder's last norm is in its last block). Edited in place: plain weights.

import NN

public final class Partial: PEFTMethod {
    public static let name = "partial"
    public static let family = Family.selective
    public static let paper = "1911.03090"
    public static let formula = "k(12d² + 13d) + 2d·[final norm]"
    public static func expectedTrainable(_ s: BackboneShape) -> Int {  // k = 1: the top block and the final norm
        12 * s.d * s.d + 13 * s.d + (s.finalNorm ? 2 * s.d : 0)
    }
    public static let lrScale: Float = 1
    public static let mergeable = true
    let k: Int
    let finalNorm: Bool

    public init(_ options: Options) throws {
        k = try options.int("k", default: 1, in: 1...1_000)
        finalNorm = try options.bool("final_norm", default: true)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        guard k <= blocks.count else {
            throw MethodError.invalidOption(
                method: Self.name, key: "k", value: "\(k)",
                expected: "an integer in 1…\(blocks.count) (the model's blocks)")
        }
        model.freeze()
        for block in blocks.suffix(k) { block.unfreeze() }
        if finalNorm { model.unfreeze("ln_f.*") }
    }

    public func merge(_ model: Module) throws {}
}
