// MoV (mixture of (IA)³ vectors): at each (IA)³ site a soft router mixes n learned scaling
// vectors per token: k ← (Σᵢ gᵢ(k) l_kᵢ) ⊙ k, likewise v, and the MLP's hidden activation h ←
// (Σᵢ gᵢ(h) l_ffᵢ) ⊙ h, each router reading the activation it scales (SoftRouter). All
// vectors start at 1, so step 0 is the base up to the rounding of Σ g = 1. The scale depends on
// the token, so MoV does not merge. Zadouri et al. 2023, arXiv 2309.05444.
// Trainable: per site n·d for the vectors and n·d for the router, d the scaled width:
// (4nd + 2n·h)L on k, v, ff.

import NN
import Tensor

public final class MoV: PEFTMethod {
    public static let name = "mov"
    public static let family = Family.mixture
    public static let paper = "2309.05444"
    public static let formula = "2n·d per site (vectors and router, d the scaled width): (4nd + 2nh)L on k, v, ff"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (4 * 10 * s.d + 2 * 10 * s.hidden) }
    public static let mergeable = false
    public static let stepZero = StepZero.baseWithinRounding
    let experts: Int
    let targets: [String]

    public init(_ options: Options) throws {
        experts = try options.int("experts", default: 10, in: 1...256)  // the paper's MoV-10
        targets = try options.list("targets", default: ["k", "v", "ff"], among: ["q", "k", "v", "o", "ff"])
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let n = experts
        let outputs = targets.filter { $0 != "ff" }
        if !outputs.isEmpty {
            try attachLinearHooks(model, targets: outputs, method: Self.name) {
                Hook(experts: n, scaled: $0.outFeatures, onInput: false, rng: &rng)
            }
        }
        if targets.contains("ff") {  // scaling the MLP activation = scaling the input of `down`
            try attachLinearHooks(model, targets: ["down"], method: Self.name) {
                Hook(experts: n, scaled: $0.inFeatures, onInput: true, rng: &rng)
            }
        }
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] { routerBalance(model) }

    final class Hook: Module, LinearHook {
        let router: SoftRouter
        let vectors: Tensor  // (n, d), each row an (IA)³ vector, starting at 1
        let onInput: Bool
        init(experts n: Int, scaled d: Int, onInput: Bool, rng: inout RNG) {
            router = SoftRouter(experts: n, inFeatures: d, rng: &rng)
            vectors = .ones([n, d], requiresGrad: true)
            self.onInput = onInput
        }
        /// a (…, d) ⊙ Σᵢ gᵢ(a) lᵢ: the activation scaled per token by the mix its router picks.
        func scaled(_ a: Tensor) -> Tensor { a * router(a).matmul(vectors) }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            onInput ? base.forward(scaled(x)) : scaled(base.forward(x))
        }
    }
}
