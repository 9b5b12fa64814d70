// LQ-LoRA: each target W₀ ≈ deq(Q) + s·BA (QuantizedLowRankFit from the SVD side: s·BA =
// SVD_r(W₀ − deq(Q)), Q = NF-k_B(W₀ − s·BA), Q₀ = 0, until a round raises the error or after T
// rounds), with the quantization configuration c = (k bits, block B) chosen per matrix by an
// integer linear program:
//   min Σᵢ Σ_c x_{i,c} ‖W₀ᵢ − deq(Qᵢ,c) − s·BᵢAᵢ,c‖²_F  s.t.  Σᵢ Σ_c x_{i,c} bits(i, c) ≤ β·Σᵢ nᵢ,
//   Σ_c x_{i,c} = 1, x ∈ {0, 1},
// over c ∈ {2, 3, 4, 8} × {16, 32, 64} (double-quantized block maxima), β the budget in bits
// per weight and bits(i, c) the storage the quantized matrix really holds. The program is a
// multiple-choice knapsack, solved exactly by dynamic programming over the budget cut into
// 2¹⁶ units (each cost rounded up, so the choice never exceeds the budget). Training is
// QLoRA's on the frozen Q: y = deq(Q)x + b + s·BAx. Merge (to Float32): W ← deq(Q) + s·BA.
// Guo et al. 2023, arXiv 2311.12023. Trainable per target: r(d_in + d_out) (18rdL all-linear).

import Dispatch
import NN
import Tensor

public final class LQLoRA: PEFTMethod {
    public static let name = "lq-lora"
    public static let family = Family.quantized
    public static let paper = "2311.12023"
    public static let formula = "r(d_in + d_out) per target (18rdL all-linear); W₀ in NF-k, k per matrix by an ILP"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 18 * 8 * s.d * s.L }
    public static let rankOption: String? = "r"
    public static let stepZero = StepZero.closerThanQuantized
    public static let mergeable = true
    public static let departures = [
        "The ILP is solved by dynamic programming (exact up to costs rounded up to 1/65536 of the budget) instead of a commercial solver",
        "Block maxima are double-quantized at 8 bits per 256 blocks for every configuration; the paper also searches that second block size",
        "The decomposition is the plain Frobenius one; the paper's Fisher-weighted variant is left out",
        "At most T = 2 rounds by default (the paper runs until the error rises, typically 5–10 rounds on LLaMA-2): the fit runs under all 12 configurations of every matrix, and iters raises it",
    ]
    static let configurations = [2, 3, 4, 8].flatMap { k in [16, 32, 64].map { (bits: k, block: $0) } }
    let options: LowRankOptions
    let budget: Float, iterations: Int
    var chosenBits = 0.0, weights = 0, seconds = 0.0

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, targets: ["all-linear"])
        budget = try options.float("budget", default: 4.127, in: 2.2...8.2)  // QLoRA's storage, for comparison
        iterations = try options.int("iters", default: 2, in: 1...100)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let start = DispatchTime.now().uptimeNanoseconds
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        let sites = model.targetLinears(options.targets).map(\.linear)
        let fits = sites.map { linear in
            let (o, i, w0) = (linear.outFeatures, linear.inFeatures, linear.weight.values)
            let first = QuantizedLowRankFit.lowRank(w0, o, i, Swift.min(r, o, i), s)  // round 1's SVD, any quantizer
            return Self.configurations.map { c in
                QuantizedLowRankFit(
                    w0, rows: o, cols: i, rank: Swift.min(r, o, i), scale: s, iterations: iterations, start: .lowRank,
                    firstLowRank: first, stopWhenWorse: true
                ) { NFTensor($0, shape: [o, i], bits: c.bits, block: c.block) }
            }
        }
        weights = sites.reduce(0) { $0 + $1.weight.count }
        let costs = fits.map { $0.map { Double($0.q.bytes * 8) } }
        guard
            let choice = Self.knapsack(
                errors: fits.map { $0.map(\.error) }, costs: costs, capacity: Double(budget) * Double(weights))
        else {
            throw MethodError.invalidOption(
                method: Self.name, key: "budget", value: "\(budget)",
                expected:
                    "at least the smallest configuration's \(costs.map { $0.min()! }.reduce(0, +) / Double(weights)) bits per weight"
            )
        }
        chosenBits = zip(costs, choice).reduce(0) { $0 + $1.0[$1.1] } / Double(weights)
        var index = 0
        try options.attach(model, method: Self.name) { linear in
            defer { index += 1 }
            let fit = fits[index][choice[index]]
            linear.weight = .zeros([0])  // the Float32 copy is released; Q replaces it
            return QLoRA.Hook(fit.q, fit.hook(scale: s))
        }
        seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// One option per item minimising the summed error with the summed cost ≤ `capacity`, or nil
    /// when even the cheapest options exceed it. Exact dynamic programming over the capacity cut
    /// into `units` (each cost rounded up).
    static func knapsack(errors: [[Double]], costs: [[Double]], capacity: Double, units: Int = 1 << 16) -> [Int]? {
        let unit = capacity / Double(units)
        let steps = costs.map { $0.map { Int(($0 / unit).rounded(.up)) } }
        var best = [Double](repeating: .infinity, count: units + 1)  // least error using ≤ u units
        best[0] = 0
        var picks: [[Int8]] = []  // per item, per used units: the option taken
        for (item, options) in steps.enumerated() {
            var next = [Double](repeating: .infinity, count: units + 1)
            var pick = [Int8](repeating: -1, count: units + 1)
            for u in 0...units where best[u].isFinite {
                for (c, step) in options.enumerated() where u + step <= units {
                    let e = best[u] + errors[item][c]
                    if e < next[u + step] { (next[u + step], pick[u + step]) = (e, Int8(c)) }
                }
            }
            (best, picks) = (next, picks + [pick])
        }
        guard var u = best.indices.filter({ best[$0].isFinite }).min(by: { best[$0] < best[$1] }) else { return nil }
        var choice = [Int](repeating: 0, count: steps.count)
        for item in steps.indices.reversed() {
            choice[item] = Int(picks[item][u])
            u -= steps[item][choice[item]]
        }
        return choice
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        [("bits_per_weight", chosenBits), ("decomposition_seconds", seconds)]
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
