// AdaptFormer (AdaptMLP): a bottleneck branch in parallel with each block's MLP that reads the
// residual stream itself, not the MLP's normalised input:
//   x ← x + MLP(ln2(x)) + s·(W_up ReLU(W_down x + b_d) + b_u),  s = 0.1, W_up and both biases 0,
// so step 0 is the base. The authors' code feeds the un-normalised x (its adapter LayerNorm option
// "none"); that is what separates it from He et al.'s parallel adapter (`parallel`, which reads
// ln2(x)); on a post-LN encoder (minilm) the two inputs coincide and only s and the site differ.
// Chen et al. 2022, arXiv 2205.13535. Trainable: (2dm + m + d) per block. No merge (ReLU).

import NN
import Tensor

public final class AdaptFormer: PEFTMethod {
    public static let name = "adaptformer"
    public static let family = Family.adapter
    public static let paper = "2205.13535"
    public static let formula = "(2dm + m + d)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (2 * s.d * 8 + 8 + s.d) }  // m = 8
    public static let mergeable = false
    public static let departures = [
        "No dropout in the branch (the authors use 0.1): no method here uses dropout, so the comparison stays like for like"
    ]
    let bottleneck: Int
    let scale: Float

    public init(_ options: Options) throws {
        bottleneck = try options.int("m", default: 8, in: 1...100_000)
        scale = try options.float("s", default: 0.1, in: 0...1_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        var rng = RNG(seed: seed)
        model.freeze()
        for block in blocks {
            let d = block.ln1.weight.count
            guard bottleneck <= d else {
                throw MethodError.invalidOption(
                    method: Self.name, key: "m", value: "\(bottleneck)",
                    expected: "an integer in 1…\(d) (the model width)")
            }
            guard block.mlpBranch == nil else {
                throw MethodError.unsupported(method: Self.name, reason: "a block already has an MLP branch")
            }
            block.mlpBranch = Branch(
                BottleneckAdapter(
                    weights: DenseBottleneck(dim: d, bottleneck: bottleneck, rng: &rng), dim: d, bottleneck: bottleneck,
                    activation: .relu, placement: .parallel(scale: scale)), scale: scale)
        }
    }

    /// s·Δ(h), Δ the shared bottleneck (Mechanisms/Bottleneck.swift).
    final class Branch: Module, ResidualBranch {
        let adapter: BottleneckAdapter
        let scale: Float
        init(_ adapter: BottleneckAdapter, scale: Float) { (self.adapter, self.scale) = (adapter, scale) }
        func callAsFunction(_ h: Tensor) -> Tensor { adapter.delta(h) * scale }
    }
}
