// LoHa (low-rank Hadamard product, FedPara / LyCORIS): ΔW = s·(B₁A₁) ⊙ (B₂A₂), which can reach
// rank r² with 2r(d_in + d_out) parameters. B₁, A₁, B₂ Kaiming-uniform and A₂ = 0 (ΔW = 0 at
// step 0): the factor HF PEFT zeroes (hada_w2_b), so an exported adapter trains the same way.
// Hyeon-Woo et al. 2021, arXiv 2108.06098; Yeh et al. 2023, arXiv 2309.14859.
// Trainable per target: 2r(d_in + d_out). Merge: W ← W₀ + ΔW.

import NN
import Tensor

public final class LoHa: PEFTMethod {
    public static let name = "loha"
    public static let family = Family.reparameterized
    public static let paper = "2108.06098"
    public static let formula = "2r(d_in + d_out) per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.lowRankQV(rank: 4) }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    let options: LowRankOptions

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, rank: 4, alpha: 4)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        var rng = RNG(seed: seed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        model.freeze()
        try options.attach(model, method: Self.name) { Hook(linear: $0, rank: r, scale: s, rng: &rng) }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, DeltaWeightHook {
        let a1: Tensor, b1: Tensor, a2: Tensor, b2: Tensor  // A (r, in), B (out, r)
        let scale: Float
        init(linear: Linear, rank r: Int, scale: Float, rng: inout RNG) {
            let (i, o) = (linear.inFeatures, linear.outFeatures)
            let (ba, bb) = (1 / Float(i).squareRoot(), 1 / Float(r).squareRoot())
            a1 = .uniform([r, i], -ba, ba, rng: &rng, requiresGrad: true)
            b1 = .uniform([o, r], -bb, bb, rng: &rng, requiresGrad: true)
            b2 = .uniform([o, r], -bb, bb, rng: &rng, requiresGrad: true)
            a2 = .zeros([r, i], requiresGrad: true)
            self.scale = scale
        }
        func delta(_ base: Linear) -> Tensor { b1.matmul(a1) * b2.matmul(a2) * scale }
    }
}

extension LoHa: PEFTExportable {
    /// hada_w1_a = B₁ (out, r), hada_w1_b = A₁ (r, in), and the same for the second pair.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found {
            tensors[peftKey(path, "hada_w1_a")] = h.b1
            tensors[peftKey(path, "hada_w1_b")] = h.a1
            tensors[peftKey(path, "hada_w2_a")] = h.b2
            tensors[peftKey(path, "hada_w2_b")] = h.a2
        }
        return (
            tensors,
            [
                "peft_type": .string("LOHA"), "r": .int(options.rank), "alpha": .float(Double(options.alpha)),
                "target_modules": .strings(targetNames(found.map(\.path))), "rank_dropout": .float(0),
                "module_dropout": .float(0), "use_effective_conv2d": .bool(false), "init_weights": .bool(true),
            ]
        )
    }
}
