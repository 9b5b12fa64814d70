// RoCoFT: only a few rows or columns of each target weight train. rows: W = W₀ + [R; 0],
// R (r, in) over the first r output rows; columns: W = W₀ + [C | 0], C (out, r) over the first r
// input columns (the authors' default selection; the paper reports any choice works about as
// well). R and C start at 0, so step 0 is the base. The update is RowColumnDelta's small product,
// so neither pass touches a dense (out, in) gradient. Merge: the rows or columns are added into W.
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
            rows ? RowColumnDelta(rows: r, of: $0, bias: false) : RowColumnDelta(columns: r, of: $0)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
