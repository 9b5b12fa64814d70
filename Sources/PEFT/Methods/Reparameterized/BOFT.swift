// BOFT (butterfly orthogonal fine-tuning): W = W₀R with R = B_m⋯B₁, each factor
// Bᵢ = Pᵢᵀ·blockdiag(Cayley blocks b×b)·Pᵢ. P₀ is the identity (so m = 1 is OFT); for i ≥ 1 a
// block joins two runs of b/2 coordinates 2^i·b/2 apart, within groups of 2^i·b, so m factors
// mix coordinates 2^(m−1)·b apart with (d_in/b)·b(b−1)/2 parameters each. Every factor starts at
// the identity. Liu et al. 2023, arXiv 2311.06243 (HF PEFT stores full b×b blocks and an output
// scale; we keep the skew parameters only). Trainable per target: m·(d_in/b)·b(b−1)/2. Merge: W₀R.

import NN
import Tensor

public final class BOFT: PEFTMethod {
    public static let name = "boft"
    public static let family = Family.reparameterized
    public static let paper = "2311.06243"
    public static let formula = "m·(d_in/b)·b(b−1)/2 per target"
    public static let mergeable = true
    let block: Int, factors: Int
    let targets: [String]

    public init(_ options: Options) throws {
        block = try options.int("block", default: 8, in: 2...4_096)
        factors = try options.int("factors", default: 2, in: 1...16)
        targets = try Targets.parse(options, default: ["q", "v"])
        try options.finish()
        guard block % 2 == 0 else {
            throw MethodError.invalidOption(method: Self.name, key: "block", value: "\(block)", expected: "an even integer ≥ 2")
        }
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let span = block << (factors - 1)
        for (name, l) in model.targetLinears(targets) where l.inFeatures % span != 0 {
            throw MethodError.invalidOption(method: Self.name, key: "factors", value: "\(factors)",
                                            expected: "block·2^(factors−1) = \(span) must divide \(name)'s input size \(l.inFeatures)")
        }
        model.freeze()
        try attachLinearHooks(model, targets: targets, method: Self.name) { Hook(inFeatures: $0.inFeatures, block: block, factors: factors) }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// Pᵢ as an index map: position k of the permuted vector holds coordinate perm[k].
    static func butterfly(_ d: Int, block b: Int, factor i: Int) -> [Int] {
        guard i > 0 else { return Array(0..<d) }
        let half = b / 2, group = b << i
        return (0..<d).map { k in
            let (g, r) = (k / group, k % group)          // group, then position inside it
            let (blockIndex, inBlock) = (r / b, r % b)   // 2^i blocks per group
            let chunk = blockIndex + (inBlock < half ? 0 : 1 << i)
            return g * group + chunk * half + inBlock % half
        }
    }

    final class Hook: Module, MergeableLinearHook {
        let thetas: [Tensor]   // m × (d_in/b, b(b−1)/2), zero
        let block: Int
        let _perms: [(forward: [Int], inverse: [Int])]

        init(inFeatures d: Int, block b: Int, factors m: Int) {
            thetas = (0..<m).map { _ in .zeros([d / b, b * (b - 1) / 2], requiresGrad: true) }
            block = b
            _perms = (0..<m).map { i in
                let p = BOFT.butterfly(d, block: b, factor: i)
                var inv = [Int](repeating: 0, count: d)
                for (k, j) in p.enumerated() { inv[j] = k }
                return (p, inv)
            }
        }

        /// W₀·B_m⋯B₁ with W·Bᵢ = ((W Pᵢᵀ)·D_i)·Pᵢ: gather columns by Pᵢ, rotate blocks, scatter back.
        func mergedWeight(_ base: Linear) -> Tensor {
            var w = base.weight
            for i in stride(from: thetas.count - 1, through: 0, by: -1) {
                let r = Orthogonal.cayley(Orthogonal.skewBlocks(thetas[i], block: block))
                w = Orthogonal.rotateInputs(w.indexSelect(axis: 1, _perms[i].forward), r).indexSelect(axis: 1, _perms[i].inverse)
            }
            return w
        }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { x.linear(weight: mergedWeight(base), bias: base.bias) }
    }
}
