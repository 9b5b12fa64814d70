// LoKr (LyCORIS): ΔW = s·(W₁ ⊗ W₂), W₁ (f, f), W₂ (d_out/f, d_in/f), optionally W₂ = BA of rank
// r (decompose=true). W₁ = 0 and W₂ (or both its factors) Kaiming-uniform, so ΔW = 0 at step 0:
// the factor HF PEFT zeroes (lokr_w1), so an exported adapter trains the same way.
// Yeh et al. 2023, arXiv 2309.14859. Trainable per target: f² + d_out·d_in/f², or
// f² + r(d_out + d_in)/f with decompose. Merge: W ← W₀ + ΔW.

import NN
import Tensor

public final class LoKr: PEFTMethod {
    public static let name = "lokr"
    public static let family = Family.reparameterized
    public static let paper = "2309.14859"
    public static let formula = "f² + d_out·d_in/f² per target (decompose: f² + r(d_out + d_in)/f)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * (8 * 8 + (s.d / 8) * (s.d / 8)) }  // f = 8
    public static let mergeable = true
    let factor: Int, scale: Float, decomposeRank: Int?
    let targets: [String]

    public init(_ options: Options) throws {
        factor = try options.int("factor", default: 8, in: 1...4_096)
        scale = try options.float("s", default: 1, in: 0...1e6)
        let decompose = try options.bool("decompose", default: false)
        let r = try options.int("r", default: 4, in: 1...4_096)
        decomposeRank = decompose ? r : nil
        targets = try Targets.parse(options, default: ["q", "v"])
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        for (name, l) in model.targetLinears(targets) where l.inFeatures % factor != 0 || l.outFeatures % factor != 0 {
            throw MethodError.invalidOption(
                method: Self.name, key: "factor", value: "\(factor)",
                expected: "a common divisor of \(name)'s sizes \(l.outFeatures)×\(l.inFeatures)")
        }
        model.freeze()
        var rng = RNG(seed: seed)
        try attachLinearHooks(model, targets: targets, method: Self.name) {
            Hook(linear: $0, factor: factor, rank: decomposeRank, scale: scale, rng: &rng)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, DeltaWeightHook {
        let w1: Tensor  // (f, f)
        let w2: Tensor?  // (out/f, in/f), or
        let w2b: Tensor?, w2a: Tensor?  // (out/f, r), (r, in/f)
        let scale: Float
        init(linear: Linear, factor f: Int, rank: Int?, scale: Float, rng: inout RNG) {
            let (p, q) = (linear.outFeatures / f, linear.inFeatures / f)
            w1 = .zeros([f, f], requiresGrad: true)
            let kaiming = { (shape: [Int], rng: inout RNG) -> Tensor in  // bound 1/√fan_in
                let bound = 1 / Float(shape[1]).squareRoot()
                return .uniform(shape, -bound, bound, rng: &rng, requiresGrad: true)
            }
            if let r = rank {
                (w2, w2b, w2a) = (nil, kaiming([p, r], &rng), kaiming([r, q], &rng))
            } else {
                (w2, w2b, w2a) = (kaiming([p, q], &rng), nil, nil)
            }
            self.scale = scale
        }
        func delta(_ base: Linear) -> Tensor { kron(w1, w2 ?? w2b!.matmul(w2a!)) * scale }
    }
}

extension LoKr: PEFTExportable {
    /// lokr_w1 = W₁, lokr_w2 = W₂ (full W₂ only: PEFT keeps it full when r ≥ max(W₂'s sides)/2, so
    /// r is set to that and alpha = s·r). PEFT picks the factor itself; export checks it agrees.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        guard decomposeRank == nil else {
            throw MethodError.unsupported(method: Self.name, reason: "export supports decompose=false only")
        }
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:], r = 1
        for (path, _, h) in found {
            tensors[peftKey(path, "lokr_w1")] = h.w1
            tensors[peftKey(path, "lokr_w2")] = h.w2!
            r = Swift.max(r, h.w2!.shape.max()!)
        }
        return (
            tensors,
            [
                "peft_type": .string("LOKR"), "r": .int(r), "alpha": .float(Double(scale) * Double(r)),
                "target_modules": .strings(targetNames(found.map(\.path))), "decompose_both": .bool(false),
                "decompose_factor": .int(factor), "rank_dropout": .float(0), "module_dropout": .float(0),
                "use_effective_conv2d": .bool(false), "init_weights": .bool(true),
            ]
        )
    }
}
