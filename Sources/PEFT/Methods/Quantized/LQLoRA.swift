// LQ-LoRA: each target W₀ ≈ deq(Q) + s·BA (QuantizedLowRankFit from the SVD side: s·BA =
// SVD_r(W₀ − deq(Q)), Q = NF-k_B(W₀ − s·BA), Q₀ = 0, until a round raises the error or after T
// rounds), with the quantization configuration c = (k bits, block B) chosen per matrix by an
// integer linear program:
//   min Σᵢ Σ_c x_{i,c} ‖W₀ᵢ − deq(Qᵢ,c) − s·BᵢAᵢ,c‖²_F  s.t.  Σᵢ Σ_c x_{i,c} bits(i, c) ≤ β·Σᵢ nᵢ,
//   Σ_c x_{i,c} = 1, x ∈ {0, 1},
// over c ∈ {2, 3, 4, 8} × {16, 32, 64} (double-quantized block maxima), β the budget in bits
// per weight (by default what QLoRA's configuration, NF4 in blocks of 64, really holds for these
// matrices) and bits(i, c) the storage the quantized matrix really holds. The program is a
// multiple-choice knapsack, solved exactly by dynamic programming over the budget cut into
// 2¹⁶ units (each cost rounded up). Training is
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
        "The ILP is solved by dynamic programming (exact for costs rounded up to 1/65536 of the budget; the default budget, QLoRA's storage, is rounded the same way so that QLoRA's configuration stays feasible) instead of a commercial solver",
        "Block maxima are double-quantized at 8 bits per 256 blocks for every configuration; the paper also searches their bits (2, 3, 4, 8), that second block size and their scale's data type",
        "The decomposition is the plain Frobenius one; the paper's Fisher-weighted variant is left out",
        "At most T = 2 rounds by default (the paper runs until the error rises, typically 5–10 rounds on LLaMA-2): the fit runs under all 12 configurations of every matrix, and iters raises it",
    ]
    static let configurations = [2, 3, 4, 8].flatMap { k in [16, 32, 64].map { (bits: k, block: $0) } }
    let options: LowRankOptions
    let budget: Float?, iterations: Int
    static let qlora = configurations.firstIndex { $0 == (4, 64) }!
    var chosenBits = 0.0, errorVersusQLoRA = 0.0, weights = 0, seconds = 0.0

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, targets: ["all-linear"])
        let bits = try options.float("budget", default: 0, in: 0...8.2)  // 0: QLoRA's storage, for comparison
        guard bits == 0 || bits >= 2.2 else {
            throw MethodError.invalidOption(
                method: Self.name, key: "budget", value: "\(bits)",
                expected: "bits per weight in 2.2…8.2, or 0 for what QLoRA's NF4 in blocks of 64 holds")
        }
        budget = bits > 0 ? bits : nil
        iterations = try options.int("iters", default: 2, in: 1...100)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let start = DispatchTime.now().uptimeNanoseconds
        let (r, s) = (options.rank, options.alpha / Float(options.rank))
        try options.checkRank(model, method: Self.name)
        let sites = model.targetLinears(options.targets).map(\.linear)
        let fits = sites.map { linear in
            let (o, i, w0) = (linear.outFeatures, linear.inFeatures, linear.weight.values)
            let first = QuantizedLowRankFit.lowRank(w0, o, i, r, s)  // round 1's SVD, the same under any quantizer
            return Self.configurations.map { c in
                QuantizedLowRankFit(
                    w0, rows: o, cols: i, rank: r, scale: s, iterations: iterations, start: .lowRank,
                    firstLowRank: first, stopWhenWorse: true
                ) { NFTensor($0, shape: [o, i], bits: c.bits, block: c.block) }
            }
        }
        weights = sites.reduce(0) { $0 + $1.weight.count }
        let costs = fits.map { $0.map { Double($0.q.bytes * 8) } }, errors = fits.map { $0.map(\.error) }
        // Costs in units of 1/65536 of the budget, rounded up; the default budget is QLoRA's
        // configuration's own rounded total, so that configuration is always a feasible choice.
        let qloraBits = costs.reduce(0) { $0 + $1[Self.qlora] }
        let unit = (budget.map { Double($0) * Double(weights) } ?? qloraBits) / Double(1 << 16)
        let steps = costs.map { $0.map { Int(($0 / unit).rounded(.up)) } }
        let capacity = budget == nil ? steps.reduce(0) { $0 + $1[Self.qlora] } : 1 << 16
        guard let choice = Self.knapsack(errors: errors, costs: steps, capacity: capacity) else {
            throw MethodError.invalidOption(
                method: Self.name, key: "budget", value: "\(budget ?? 0)",
                expected:
                    "at least the smallest configuration's \(costs.map { $0.min()! }.reduce(0, +) / Double(weights)) bits per weight"
            )
        }
        chosenBits = zip(costs, choice).reduce(0) { $0 + $1.0[$1.1] } / Double(weights)
        errorVersusQLoRA = zip(errors, choice).reduce(0) { $0 + $1.0[$1.1] } / errors.reduce(0) { $0 + $1[Self.qlora] }
        var index = 0
        try options.attach(model, method: Self.name) { linear in
            defer { index += 1 }
            let fit = fits[index][choice[index]]
            linear.weight = .zeros([0])  // the Float32 copy is released; Q replaces it
            return QLoRA.Hook(fit.q, fit.hook(scale: s))
        }
        seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// One option per item minimising the summed error with the summed integer cost ≤ `capacity`,
    /// or nil when even the cheapest options exceed it: exact dynamic programming, state u the
    /// least error using exactly u units.
    static func knapsack(errors: [[Double]], costs: [[Int]], capacity: Int) -> [Int]? {
        var best = [Double](repeating: .infinity, count: capacity + 1)
        best[0] = 0
        var picks: [[Int8]] = []  // per item, per used units: the option taken
        for (item, options) in costs.enumerated() {
            var next = [Double](repeating: .infinity, count: capacity + 1)
            var pick = [Int8](repeating: -1, count: capacity + 1)
            for u in 0...capacity where best[u].isFinite {
                for (c, step) in options.enumerated() where u + step <= capacity {
                    let e = best[u] + errors[item][c]
                    if e < next[u + step] { (next[u + step], pick[u + step]) = (e, Int8(c)) }
                }
            }
            (best, picks) = (next, picks + [pick])
        }
        guard var u = best.indices.filter({ best[$0].isFinite }).min(by: { best[$0] < best[$1] }) else { return nil }
        var choice = [Int](repeating: 0, count: costs.count)
        for item in costs.indices.reversed() {
            choice[item] = Int(picks[item][u])
            u -= costs[item][choice[item]]
        }
        return choice
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        [
            ("bits_per_weight", chosenBits), ("fit_error_vs_qlora_config", errorVersusQLoRA),
            ("decomposition_seconds", seconds),
        ]
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}

/// A LoRA over the dequantized base (the exporter writes deq(Q) as base_model.safetensors).
extension LQLoRA: PEFTExportable {
    public static var peftNeedsItsBase: Bool { true }
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        loraExport(model, options: options)
    }
}
