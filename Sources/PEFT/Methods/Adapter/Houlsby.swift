// Houlsby adapter: two serial bottleneck adapters per block, after the attention and after the
// MLP, before each residual add: h ← h + W_up σ(W_down h + b_d) + b_u, W_up = 0 at start.
// Houlsby et al. 2019, arXiv 1902.00751. Trainable: 2(2dm + m + d) per block. Does not merge.
// Default act=swish as AdapterHub's `double_seq_bn`; the paper also tunes the LayerNorms (not here).
// Subclasses change only where the adapters sit and the defaults (pfeiffer).

import NN

public class Houlsby: PEFTMethod {
    public class var name: String { "houlsby" }
    public class var family: Family { .adapter }
    public class var paper: String { "1902.00751" }
    public class var formula: String { "2(2dm + m + d)L" }
    public class func expectedTrainable(_ s: BackboneShape) -> Int { sites.count * s.L * (2 * s.d * 8 + 8 + s.d) }  // m = 8 per site
    public class var mergeable: Bool { false }
    class var sites: [KeyPath<Block, any AdapterSite>] { [\.attnSite, \.mlpSite] }
    class var defaultActivation: Activation { .swish }

    let options: AdapterOptions

    public required init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: Self.defaultActivation)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let m = options.bottleneck
        model.freeze()
        try options.attach(model, method: Self.name, sites: Self.sites, seed: seed, placement: .serial) {
            DenseBottleneck(dim: $0, bottleneck: m, rng: &$1)
        }
    }
}
