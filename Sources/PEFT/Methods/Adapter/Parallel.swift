// Parallel adapter: a bottleneck branch fed by the sublayer's input, added to its output:
// MLP(ln2(x)) + s·W_up ReLU(W_down ln2(x) + b_d) + b_u, W_up = 0 at start.
// He et al. 2021 (unified view), arXiv 2110.04366. Trainable: (2dm + m + d) per site. No merge.

import NN

public final class Parallel: PEFTMethod {
    public static let name = "parallel"
    public static let family = Family.adapter
    public static let paper = "2110.04366"
    public static let formula = "(2dm + m + d)L per site"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (2 * s.d * 8 + 8 + s.d) }  // m = 8, beside the MLP
    public static let mergeable = false
    let options: AdapterOptions
    let site: String
    let scale: Float

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        site = try options.choice("site", default: "ffn", among: ["ffn", "attn", "both"])
        scale = try options.float("s", default: 1, in: 0...1_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let m = options.bottleneck
        let sites: [KeyPath<Block, any AdapterSite>] =
            site == "ffn" ? [\.mlpSite] : site == "attn" ? [\.attnSite] : [\.attnSite, \.mlpSite]
        model.freeze()
        try options.attach(model, method: Self.name, sites: sites, seed: seed, placement: .parallel(scale: scale)) {
            DenseBottleneck(dim: $0, bottleneck: m, rng: &$1)
        }
    }
}
