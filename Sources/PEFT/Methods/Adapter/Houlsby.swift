// Houlsby adapter: two serial bottleneck adapters per block, after the attention and after the
// MLP, before each residual add: h ← h + W_up σ(W_down h + b_d) + b_u, W_up = 0 at start.
// Houlsby et al. 2019, arXiv 1902.00751. Trainable: 2(2dm + m + d) per block. Does not merge.
// Default act=swish as AdapterHub's `double_seq_bn`; the paper also tunes the LayerNorms (not here).

import NN

public final class Houlsby: PEFTMethod {
    public static let name = "houlsby"
    public static let family = Family.adapter
    public static let paper = "1902.00751"
    public static let formula = "2(2dm + m + d)L"
    public static let mergeable = false
    let options: AdapterOptions

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .swish)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let m = options.bottleneck
        model.freeze()
        try options.attach(model, method: Self.name, sites: [\.attnSite, \.mlpSite], seed: seed, placement: .serial) {
            DenseBottleneck(dim: $0, bottleneck: m, rng: &$1)
        }
    }
}
