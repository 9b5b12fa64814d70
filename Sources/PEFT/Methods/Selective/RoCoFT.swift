// RoCoFT: only a few rows or columns of each target weight train. rows: W = W₀ + [R; 0],
// R (r, in) over the first r output rows; columns: W = W₀ + [C | 0], C (out, r) over the first r
// input columns (the authors' default selection; the paper reports any choice works about as
// well). R and C start at 0, so step 0 is the base. The update is its own small product, x Rᵀ
// (…, r) added to the first r outputs, or x[…, :r] Cᵀ: neither the forward nor the backward pass
// touches a dense (out, in) gradient. Merge: the rows or columns are added into W.
// Kowsher et al. 2024, arXiv 2410.10075. Trainable: r·d_in (rows) or r·d_out (columns) per target.

import NN
import Tensor

public final class RoCoFT: PEFTMethod {
    public static let name = "rocoft"
    public static let family = Family.selective
    public static let paper = "2410.10075"
    public static let formula = "r·d_in (rows) or r·d_out (columns) per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 3 * s.L * (4 * s.d + s.d + s.hidden) }  // rows, r = 3, all linear
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static let departures = [
        "Biases stay frozen (the authors' code trains them by default; the paper's counts, e.g. 0.249M on RoBERTa-base, leave them out)"
    ]
    let rank: Int
    let rows: Bool
    let targets: [String]

    public init(_ options: Options) throws {
        rank = try options.int("r", default: 3, in: 1...65_536)
        rows = try options.choice("axis", default: "rows", among: ["rows", "columns"]) == "rows"
        targets = try Targets.parse(options, default: Targets.linears)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        for (name, l) in model.targetLinears(targets) where rank > (rows ? l.outFeatures : l.inFeatures) {
            throw MethodError.invalidOption(
                method: Self.name, key: "r", value: "\(rank)",
                expected:
                    "an integer in 1…\(rows ? l.outFeatures : l.inFeatures) (\(name) is \(l.outFeatures)×\(l.inFeatures))"
            )
        }
        let (r, rows) = (rank, rows)
        try attachLinearHooks(model, targets: targets, method: Self.name) {
            Hook(
                rows
                    ? .zeros([r, $0.inFeatures], requiresGrad: true) : .zeros([$0.outFeatures, r], requiresGrad: true),
                rows: rows)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, MergeableLinearHook {
        let delta: Tensor  // rows: (r, in); columns: (out, r)
        let rows: Bool
        init(_ delta: Tensor, rows: Bool) { (self.delta, self.rows) = (delta, rows) }

        /// x (…, in) → W₀x + b plus the update on its rows or columns.
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            let y = base.forward(x)
            guard rows else { return y + x.slice(axis: -1, 0..<delta.shape[1]).matmul(delta, transB: true) }
            let r = delta.shape[0], rest = base.outFeatures - r
            let head = x.matmul(delta, transB: true)  // (…, r)
            let update =
                rest == 0 ? head : Tensor.concat([head, .zeros(Array(head.shape.dropLast()) + [rest])], axis: -1)
            return y + update
        }

        /// The dense (out, in) update, for the merge and the reference.
        func full(_ base: Linear) -> Tensor {
            let (o, i) = (base.outFeatures, base.inFeatures)
            if rows {
                return Tensor.concat([delta, .zeros([o - delta.shape[0], i])].filter { $0.count > 0 }, axis: 0)
            }
            return Tensor.concat([delta, .zeros([o, i - delta.shape[1]])].filter { $0.count > 0 }, axis: 1)
        }
        func mergedWeight(_ base: Linear) -> Tensor { base.weight + full(base) }
    }
}
