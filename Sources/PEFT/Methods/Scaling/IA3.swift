// (IA)³: learned vectors rescale the keys, the values and the MLP's hidden activations:
// k ← l_k⊙k, v ← l_v⊙v, h ← l_ff⊙GELU(up(x)); all start at 1 (the base model).
// Liu et al. 2022, arXiv 2205.05638. Trainable: 6d per block (d + d + 4d).
// Merge: diag(l_k) scales W_k and b_k, diag(l_v) W_v and b_v, W_down ← W_down·diag(l_ff).

import NN
import Tensor

public final class IA3: PEFTMethod {
    public static let name = "ia3"
    public static let family = Family.scaling
    public static let paper = "2205.05638"
    public static let formula = "6dL (k, v, ff)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (2 * s.d + s.hidden) }
    public static let mergeable = true
    let targets: [String]

    public init(_ options: Options) throws {
        targets = try options.list("targets", default: ["k", "v", "ff"], among: ["q", "k", "v", "o", "ff"])
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let outputs = targets.filter { $0 != "ff" }
        if !outputs.isEmpty {
            try attachLinearHooks(model, targets: outputs, method: Self.name) { OutputScale($0.outFeatures) }
        }
        if targets.contains("ff") {  // scaling the MLP activation = scaling the input of `down`
            try attachLinearHooks(model, targets: ["down"], method: Self.name) { InputScale($0.inFeatures) }
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// y ← l ⊙ (W x + b).
    final class OutputScale: Module, MergeableLinearHook {
        let scale: Tensor  // (out), starts at 1
        init(_ n: Int) { scale = .ones([n], requiresGrad: true) }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { base.forward(x) * scale }
        func mergedWeight(_ base: Linear) -> Tensor { base.weight * scale.reshaped([scale.count, 1]) }
        func mergedBias(_ base: Linear) -> Tensor? { base.bias.map { $0 * scale } }
    }

    /// y ← W (l ⊙ x) + b.
    final class InputScale: Module, MergeableLinearHook {
        let scale: Tensor  // (in), starts at 1
        init(_ n: Int) { scale = .ones([n], requiresGrad: true) }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { base.forward(x * scale) }
        func mergedWeight(_ base: Linear) -> Tensor { base.weight * scale }
    }
}

extension IA3: PEFTExportable {
    /// ia3_l: (out, 1) on output-scaled Linears, (1, in) on `down` (a feed-forward module in PEFT).
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        var tensors: [String: Tensor] = [:], paths: [String] = []
        for (path, _, h) in hooks(model, OutputScale.self) {
            tensors[peftKey(path, "ia3_l")] = h.scale.reshaped([h.scale.count, 1])
            paths.append(path)
        }
        for (path, _, h) in hooks(model, InputScale.self) {
            tensors[peftKey(path, "ia3_l")] = h.scale.reshaped([1, h.scale.count])
            paths.append(path)
        }
        return (
            tensors,
            [
                "peft_type": .string("IA3"), "target_modules": .strings(targetNames(paths)),
                "feedforward_modules": .strings(targets.contains("ff") ? ["down"] : []),
                "fan_in_fan_out": .bool(false), "init_ia3_weights": .bool(true),
            ]
        )
    }
}
