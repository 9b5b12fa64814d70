// Pfeiffer adapter: one serial bottleneck adapter per block, after the MLP.
// Pfeiffer et al. 2020, arXiv 2005.00247. Trainable: (2dm + m + d)L. Does not merge.

import NN

public final class Pfeiffer: PEFTMethod {
    public static let name = "pfeiffer"
    public static let family = Family.adapter
    public static let paper = "2005.00247"
    public static let formula = "(2dm + m + d)L"
    public static let mergeable = false
    let options: AdapterOptions

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let m = options.bottleneck
        model.freeze()
        try options.attach(model, method: Self.name, sites: [\.mlpSite], seed: seed, placement: .serial) {
            DenseBottleneck(dim: $0, bottleneck: m, rng: &$1)
        }
    }
}
