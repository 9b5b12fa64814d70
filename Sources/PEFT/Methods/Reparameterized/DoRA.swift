// DoRA: weight-decomposed low-rank adaptation. W = m ⊙ V/‖V‖_row, V = W₀ + s·BA, with the
// magnitude m (out) initialised to W₀'s row norms (the paper's "column" norm in (in, out)
// storage: one per output unit, as in the reference code and HF PEFT), so step 0 = base.
// ‖V‖_row is detached in backward: a constant that follows V's current value, as the paper
// suggests (§4.3) and HF PEFT does, so m and the direction get the gradients the paper describes
// (and backward skips the norm's graph). Liu et al. 2024, arXiv 2402.09353.
// Trainable per target: r(d_in + d_out) + d_out. Merge: W ← m ⊙ V/‖V‖_row.

import NN
import Tensor

public final class DoRA: PEFTMethod {
    public static let name = "dora"
    public static let family = Family.reparameterized
    public static let paper = "2402.09353"
    public static let formula = "r(d_in + d_out) + d_out per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) + 2 * s.L * s.d }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static let exactGradients = false  // ‖V‖ is a constant in backward (§4.3)
    let options: LowRankOptions

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        var rng = RNG(seed: seed)
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        model.freeze()
        try options.attach(model, method: Self.name) { linear in
            Hook(
                lowRank: LowRankHook(
                    inFeatures: linear.inFeatures, outFeatures: linear.outFeatures, rank: r, scale: s, rng: &rng),
                magnitude: rowNorms(linear.weight).copy(requiresGrad: true))
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook {
        let lowRank: LowRankHook
        let magnitude: Tensor  // (out)
        init(lowRank: LowRankHook, magnitude: Tensor) {
            self.lowRank = lowRank
            self.magnitude = magnitude
        }
        func mergedWeight(_ base: Linear) -> Tensor {
            let v = base.weight + lowRank.delta()  // (out, in)
            let norms = withoutGrad { rowNorms(v) }  // (out), a constant in backward
            return v * (magnitude / norms).reshaped([magnitude.count, 1])
        }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(weight: mergedWeight(base), bias: base.bias)
        }
    }
}

/// ‖W[i,:]‖₂ for each row, (out).
func rowNorms(_ w: Tensor) -> Tensor { w.square().sum(axis: 1).sqrt() }

extension DoRA: PEFTExportable {
    /// LoRA's tensors plus lora_magnitude_vector = m (out); `use_dora`.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found {
            tensors[peftKey(path, "lora_A.weight")] = h.lowRank.a
            tensors[peftKey(path, "lora_B.weight")] = h.lowRank.b
            tensors[peftKey(path, "lora_magnitude_vector")] = h.magnitude
        }
        return (
            tensors, loraConfig(rank: options.rank, alpha: Double(options.alpha), paths: found.map(\.path), dora: true)
        )
    }
}
