// Compacter: Houlsby-placed adapters whose projections are parameterised hypercomplex
// multiplications with low-rank factors: W = Σᵢ₌₁ⁿ Aᵢ ⊗ (uᵢ vᵢᵀ), Aᵢ (n, n) shared by every
// adapter in the model, uᵢ, vᵢ sized (rows/n), (cols/n). The up projection's uᵢ start at 0, so
// step 0 is the base model. Karimi Mahabadi et al. 2021, arXiv 2106.04647.
// Trainable: 3(d + m) per adapter (two projections of d + m, biases m + d) + n³ once.
// placement=ffn is Compacter++ (one adapter per block). Does not merge.

import NN
import Tensor

public final class Compacter: PEFTMethod {
    public static let name = "compacter"
    public static let family = Family.adapter
    public static let paper = "2106.04647"
    public static let formula = "3(d + m)·adapters + n³"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 3 * (s.d + 8) * 2 * s.L + 4 * 4 * 4 }  // m = 8, n = 4, two adapters per block
    public static let mergeable = false
    let options: AdapterOptions
    let n: Int
    let placement: String

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .gelu)
        n = try options.int("phm_dim", default: 4, in: 1...64)
        placement = try options.choice("placement", default: "houlsby", among: ["houlsby", "ffn"])
        try options.finish()
        guard self.options.bottleneck % n == 0 else {
            throw MethodError.invalidOption(
                method: Self.name, key: "m", value: "\(self.options.bottleneck)", expected: "a multiple of phm_dim=\(n)"
            )
        }
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let d = try model.requireWidth(for: Self.name)
        guard d % n == 0 else {
            throw MethodError.invalidOption(
                method: Self.name, key: "phm_dim", value: "\(n)", expected: "a divisor of the width \(d)")
        }
        var rng = RNG(seed: seed ^ 0xC0FFEE)
        // The shared rule matrices Aᵢ, (n, n, n); one tensor referenced by every adapter.
        let rules = Tensor.randn([n, n, n], std: 1 / Float(n).squareRoot(), rng: &rng, requiresGrad: true)
        let (m, n) = (options.bottleneck, self.n)
        let sites: [KeyPath<Block, any AdapterSite>] = placement == "ffn" ? [\.mlpSite] : [\.attnSite, \.mlpSite]
        model.freeze()
        try options.attach(model, method: Self.name, sites: sites, seed: seed, placement: .serial) { d, rng in
            PHMBottleneck(rules: rules, dim: d, bottleneck: m, n: n, rng: &rng)
        }
    }
}

/// Down (m, d) and up (d, m) projections as Σᵢ Aᵢ ⊗ (uᵢ vᵢᵀ).
final class PHMBottleneck: Module, BottleneckWeights {
    let rules: Tensor  // (n, n, n), shared
    let downU: Tensor, downV: Tensor  // (n, m/n), (n, d/n)
    let upU: Tensor, upV: Tensor  // (n, d/n) zero, (n, m/n)
    let n: Int

    init(rules: Tensor, dim d: Int, bottleneck m: Int, n: Int, rng: inout RNG) {
        self.rules = rules
        self.n = n
        let std = 1 / Float(d).squareRoot()
        downU = .randn([n, m / n], std: std.squareRoot(), rng: &rng, requiresGrad: true)
        downV = .randn([n, d / n], std: std.squareRoot(), rng: &rng, requiresGrad: true)
        upU = .zeros([n, d / n], requiresGrad: true)
        upV = .randn([n, m / n], std: 0.1, rng: &rng, requiresGrad: true)
    }

    /// Σᵢ Aᵢ ⊗ (uᵢ vᵢᵀ) for factor rows u (n, p), v (n, q) → (n·p, n·q).
    func phm(_ u: Tensor, _ v: Tensor) -> Tensor {
        let terms = (0..<n).map { i in
            let a = rules.slice(axis: 0, i..<(i + 1)).reshaped([n, n])
            let uv = u.slice(axis: 0, i..<(i + 1)).transposed().matmul(v.slice(axis: 0, i..<(i + 1)))  // (p, q)
            return kron(a, uv)
        }
        return terms.dropFirst().reduce(terms[0], +)
    }

    func down() -> Tensor { phm(downU, downV) }
    func up() -> Tensor { phm(upU, upV) }
}
