// Pfeiffer adapter: one serial bottleneck adapter per block, after the MLP only (the Houlsby
// module, half the places), ReLU by default. Pfeiffer et al. 2020, arXiv 2005.00247.
// Trainable: (2dm + m + d)L. Does not merge.

import NN

public final class Pfeiffer: Houlsby {
    override public class var name: String { "pfeiffer" }
    override public class var paper: String { "2005.00247" }
    override public class var formula: String { "(2dm + m + d)L" }
    override class var sites: [KeyPath<Block, any AdapterSite>] { [\.mlpSite] }
    override class var defaultActivation: Activation { .relu }
}
