// FourierFT: n trainable spectral coefficients c at fixed random entries (u_k, v_k) of a
// d_out × d_in spectrum F (the entries come from one seed, so every layer of a shape uses the
// same ones; drawn as PyTorch's randperm would, so they are HF PEFT's for the same seed); ΔW = α·Re(IDFT2(F)), i.e. ΔW[j, l] = α/(d_out·d_in) Σ_k c_k cos 2π(u_k j/d_out + v_k l/d_in)
// (IDFT with the 1/(MN) factor, as torch.fft.ifft2). init=zero starts at c = 0 (the base);
// HF PEFT's default N(0, 1) does not. Gao et al. 2024, arXiv 2405.03003.
// Trainable per target: n. Merge: W ← W₀ + ΔW.

import Foundation
import NN
import Tensor

public final class FourierFT: PEFTMethod {
    public static let name = "fourierft"
    public static let family = Family.reparameterized
    public static let paper = "2405.03003"
    public static let formula = "n per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * 64 }  // n = 64
    public static let mergeable = true
    public static let departures = [
        "the default init=zero starts the coefficients at 0, so step 0 is the base model (HF PEFT's default draws them from N(0, 1)); init=normal gives HF's"
    ]
    let count: Int, scaling: Float, normalInit: Bool, frequencySeed: UInt64
    let targets: [String]

    public init(_ options: Options) throws {
        count = try options.int("n_freq", default: 64, in: 1...1 << 24)
        scaling = try options.float("scaling", default: 150, in: 0...1e6)
        normalInit = try options.choice("init", default: "zero", among: ["zero", "normal"]) == "normal"
        frequencySeed = UInt64(try options.int("frequency_seed", default: 777, in: 0...Int(Int32.max)))  // PEFT's random_loc_seed
        targets = try Targets.parse(options, default: ["q", "v"])
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        for (name, l) in model.targetLinears(targets) where count > l.inFeatures * l.outFeatures {
            throw MethodError.invalidOption(
                method: Self.name, key: "n_freq", value: "\(count)",
                expected: "an integer in 1…\(l.inFeatures * l.outFeatures) (\(name) has that many entries)")
        }
        model.freeze()
        var rng = RNG(seed: seed)
        var bases: [[Int]: Tensor] = [:]  // one basis per layer shape
        try attachLinearHooks(model, targets: targets, method: Self.name) { linear in
            let shape = [linear.outFeatures, linear.inFeatures]
            if bases[shape] == nil {
                bases[shape] = Self.basis(rows: shape[0], cols: shape[1], count: count, seed: frequencySeed)
            }
            let c: Tensor =
                normalInit
                ? .randn([1, count], rng: &rng, requiresGrad: true) : .zeros([1, count], requiresGrad: true)
            return Hook(coefficients: c, basis: bases[shape]!, scale: scaling)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// The n entries: the first n of a seeded permutation of the rows·cols positions.
    static func entries(rows: Int, cols: Int, count: Int, seed: UInt64) -> [(Int, Int)] {
        torchRandperm(rows * cols, seed: seed).prefix(count).map { ($0 / cols, $0 % cols) }
    }

    /// Their cosine images: (n, rows·cols), computed in Double.
    static func basis(rows: Int, cols: Int, count: Int, seed: UInt64) -> Tensor {
        var v = [Float](repeating: 0, count: count * rows * cols)
        let norm = 1 / Double(rows * cols)
        for (k, (u, w)) in entries(rows: rows, cols: cols, count: count, seed: seed).enumerated() {
            for j in 0..<rows {
                for l in 0..<cols {
                    let phase =
                        2 * Double.pi * (Double(u * j % rows) / Double(rows) + Double(w * l % cols) / Double(cols))
                    v[(k * rows + j) * cols + l] = Float(cos(phase) * norm)
                }
            }
        }
        return Tensor(v, shape: [count, rows * cols])
    }

    final class Hook: Module, DeltaWeightHook {
        let coefficients: Tensor  // (1, n)
        let _basis: Tensor  // (n, out·in), frozen and derived from the seed: not a parameter
        let scale: Float
        init(coefficients: Tensor, basis: Tensor, scale: Float) {
            self.coefficients = coefficients
            _basis = basis
            self.scale = scale
        }
        func delta(_ base: Linear) -> Tensor {
            coefficients.matmul(_basis).reshaped([base.outFeatures, base.inFeatures]) * scale
        }
    }
}

extension FourierFT: PEFTExportable {
    /// fourierft_spectrum = c (n); PEFT recomputes the same positions from random_loc_seed.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found { tensors[peftKey(path, "fourierft_spectrum")] = h.coefficients.reshaped([count]) }
        return (
            tensors,
            [
                "peft_type": .string("FOURIERFT"), "n_frequency": .int(count), "scaling": .float(Double(scaling)),
                "random_loc_seed": .int(Int(frequencySeed)), "target_modules": .strings(targetNames(found.map(\.path))),
                "fan_in_fan_out": .bool(false), "bias": .string("none"), "init_weights": .bool(!normalInit),
            ]
        )
    }
}
