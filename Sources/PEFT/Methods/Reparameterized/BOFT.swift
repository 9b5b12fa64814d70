// BOFT (butterfly orthogonal fine-tuning): W = W₀·B₀B₁⋯B_{m−1}, each factor
// Bᵢ = Pᵢ·blockdiag(Cayley blocks b×b)·Pᵢᵀ. P₀ is the identity (so m = 1 is OFT). For i ≥ 1 the
// coordinates fall in groups of 2^i·b, cut into runs of b/2; Pᵢ lists a group's even runs, then
// its odd runs, so a block joins runs 2j and 2j + 1 of that order (HF PEFT's
// `block_butterfly_perm`; with m = 2 this pairs runs b apart, the classic butterfly). Every factor
// starts at the identity. Liu et al. 2023, arXiv 2311.06243. HF PEFT stores full b×b blocks
// (skew-symmetrised) and an output scale; we keep the skew parameters only.
// Trainable per target: m·(d_in/b)·b(b−1)/2. Merge: W ← W₀·B₀⋯B_{m−1}.

import NN
import Tensor

public final class BOFT: PEFTMethod {
    public static let name = "boft"
    public static let family = Family.reparameterized
    public static let paper = "2311.06243"
    public static let formula = "m·(d_in/b)·b(b−1)/2 per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * 2 * s.L * (s.d / 8) * 8 * 7 / 2 }  // m = 2 factors of b = 8
    public static let mergeable = true
    public static let departures = [
        "only the skew parameters of each butterfly block are stored and trained (HF PEFT stores full blocks and an output scale); the rotation is the same Cayley transform"
    ]
    let block: Int, factors: Int
    let targets: [String]

    public init(_ options: Options) throws {
        block = try options.int("block", default: 8, in: 2...4_096)
        factors = try options.int("factors", default: 2, in: 1...16)
        targets = try Targets.parse(options, default: ["q", "v"])
        try options.finish()
        guard block % 2 == 0 else {
            throw MethodError.invalidOption(
                method: Self.name, key: "block", value: "\(block)", expected: "an even integer ≥ 2")
        }
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let span = block << (factors - 1)
        for (name, l) in model.targetLinears(targets) where l.inFeatures % span != 0 {
            throw MethodError.invalidOption(
                method: Self.name, key: "factors", value: "\(factors)",
                expected: "block·2^(factors−1) = \(span) must divide \(name)'s input size \(l.inFeatures)")
        }
        model.freeze()
        try attachLinearHooks(model, targets: targets, method: Self.name) {
            Hook(inFeatures: $0.inFeatures, block: block, factors: factors)
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// Pᵢ as an index map: position k of the permuted vector holds coordinate perm[k]
    /// (Pᵢ[k, perm[k]] = 1).
    static func butterfly(_ d: Int, block b: Int, factor i: Int) -> [Int] {
        guard i > 0 else { return Array(0..<d) }
        let half = b / 2, group = b << i, runs = group / half
        let order = Array(stride(from: 0, to: runs, by: 2)) + Array(stride(from: 1, to: runs, by: 2))
        return (0..<d).map { k in
            let (g, r) = (k / group, k % group)
            return g * group + order[r / half] * half + r % half
        }
    }

    final class Hook: Module, MergeableLinearHook {
        let thetas: [Tensor]  // m × (d_in/b, b(b−1)/2), zero
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

        /// W₀·B₀⋯B_{m−1} with W·Bᵢ = ((W Pᵢ)·Dᵢ)·Pᵢᵀ: (W Pᵢ)[:, j] = W[:, inverse[j]], then the
        /// block rotation, then (X Pᵢᵀ)[:, k] = X[:, perm[k]].
        func mergedWeight(_ base: Linear) -> Tensor {
            var w = base.weight
            for i in thetas.indices {
                let r = Orthogonal.cayley(Orthogonal.skewBlocks(thetas[i], block: block))
                w = Orthogonal.rotateInputs(w.indexSelect(axis: 1, _perms[i].inverse), r).indexSelect(
                    axis: 1, _perms[i].forward)
            }
            return w
        }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(weight: mergedWeight(base), bias: base.bias)
        }
    }
}

extension BOFT: PEFTExportable {
    /// boft_R (m, d_in/b, b, b) = the skew blocks Q (PEFT skew-symmetrises and takes the Cayley
    /// transform (I − Q)(I + Q)⁻¹, applied from the other side: our form), boft_s = 1.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:]
        for (path, linear, h) in found {
            let blocks = withoutGrad {
                Tensor.concat(h.thetas.map { Orthogonal.skewBlocks($0, block: block) }, axis: 0)
            }
            tensors[peftKey(path, "boft_R")] = blocks.reshaped([factors, linear.inFeatures / block, block, block])
            tensors[peftKey(path, "boft_s")] = .ones([linear.outFeatures, 1])
        }
        return (
            tensors,
            [
                "peft_type": .string("BOFT"), "boft_block_size": .int(block), "boft_block_num": .int(0),
                "boft_n_butterfly_factor": .int(factors), "target_modules": .strings(targetNames(found.map(\.path))),
                "boft_dropout": .float(0), "fan_in_fan_out": .bool(false), "bias": .string("none"),
                "init_weights": .bool(true),
            ]
        )
    }
}
