// A soft, token-level router over n experts (MoV and MoLoRA, Zadouri et al. 2023, arXiv
// 2309.05444): g(x) = softmax(x W_gᵀ), x (…, in) → g (…, n), Σ g = 1. W_g (n, in), no bias,
// starts N(0, 0.02²) as the paper's code, not zero: experts that start equal (MoV's vectors at
// 1, MoLoRA's B at 0) would otherwise get equal gradients forever. Passes outside training (the
// runner's timing passes and the evaluation) add each token's g to a running share per expert,
// which the methods report as load balance (the row's extras).

import Foundation
import NN
import Tensor

public final class SoftRouter: Module {
    public let weight: Tensor  // W_g (n, in)
    private var _meter: ShareMeter

    init(experts n: Int, inFeatures: Int, rng: inout RNG) {
        weight = Tensor(
            (Tensor.randn([n, inFeatures], rng: &rng) * 0.02).values, shape: [n, inFeatures], requiresGrad: true)
        _meter = ShareMeter(count: n)
    }

    /// x (…, in) → g (…, n).
    func callAsFunction(_ x: Tensor) -> Tensor {
        let g = x.matmul(weight, transB: true).softmax()
        if !isTraining { _meter.add(g) }
        return g
    }

    /// Each expert's mean share of the tokens routed outside training (zeros before any).
    var shares: [Double] { _meter.shares }
}

/// Running mean of soft assignments g (…, n) over the tokens seen: each expert's (or source's) share.
struct ShareMeter {
    private var totals: [Double]
    private var tokens = 0
    init(count n: Int) { totals = [Double](repeating: 0, count: n) }

    mutating func add(_ g: Tensor) {
        let n = totals.count, values = g.values
        for (e, v) in values.enumerated() { totals[e % n] += Double(v) }
        tokens += values.count / n
    }
    var shares: [Double] { totals.map { tokens > 0 ? $0 / Double(tokens) : 0 } }
}

/// Load balance over every router of `model`: the entropy of the mean expert shares divided by
/// log n (1: every expert gets an equal share) and the largest share, averaged over the routers.
func routerBalance(_ model: Module) -> [(name: String, value: Double)] {
    let routers = model.namedModules().compactMap { $0.module as? SoftRouter }.filter { $0.shares.contains { $0 > 0 } }
    guard let n = routers.first?.shares.count, n > 1 else { return [] }
    let entropy = routers.map { r in
        -r.shares.filter { $0 > 0 }.reduce(0) { $0 + $1 * Foundation.log($1) } / Foundation.log(Double(n))
    }
    let largest = routers.map { $0.shares.max()! }
    return [
        ("router_balance", entropy.reduce(0, +) / Double(routers.count)),
        ("router_max_share", largest.reduce(0, +) / Double(routers.count)),
    ]
}
