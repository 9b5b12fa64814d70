// VeRA: ΔW = diag(λ_b)·B·diag(λ_d)·A with A (r, in) and B (out, r) frozen random matrices, ONE
// pair shared by every target (sized for the largest, sliced) and regenerated from a seed;
// only λ_b (out, starts at 0) and λ_d (r, starts at d_init) train. Kopiczko et al. 2023,
// arXiv 2310.11454. Trainable per target: d_out + r; A and B are counted once, in the total only.
// Merge: W ← W₀ + ΔW.

import NN
import Tensor

public final class VeRA: PEFTMethod {
    public static let name = "vera"
    public static let family = Family.reparameterized
    public static let paper = "2310.11454"
    public static let formula = "(d_out + r) per target; shared A, B frozen"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * (s.d + 64) }  // r = 64
    public static let mergeable = true
    let options: LowRankOptions
    let dInit: Float
    let projectionSeed: UInt64

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options, rank: 64)
        dInit = try options.float("d_init", default: 0.1, in: 0...100)
        projectionSeed = UInt64(try options.int("projection_seed", default: 0, in: 0...Int(Int32.max)))
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let sites = model.targetLinears(options.targets)
        let (inMax, outMax) = (sites.map(\.linear.inFeatures).max() ?? 1, sites.map(\.linear.outFeatures).max() ?? 1)
        let shared = Self.projections(rank: options.rank, inFeatures: inMax, outFeatures: outMax, seed: projectionSeed)
        let (r, d0) = (options.rank, dInit)
        model.freeze()
        try options.attach(model, method: Self.name) { Hook(shared: shared, linear: $0, rank: r, dInit: d0) }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    /// The shared frozen pair, Kaiming-uniform, the same for the same seed.
    static func projections(rank r: Int, inFeatures: Int, outFeatures: Int, seed: UInt64) -> (a: Tensor, b: Tensor) {
        var rng = RNG(seed: seed)
        let a = Tensor.uniform(
            [r, inFeatures], -1 / Float(inFeatures).squareRoot(), 1 / Float(inFeatures).squareRoot(), rng: &rng)
        let b = Tensor.uniform([outFeatures, r], -1 / Float(r).squareRoot(), 1 / Float(r).squareRoot(), rng: &rng)
        return (a, b)
    }

    final class Hook: Module, DeltaWeightHook {
        let sharedA: Tensor, sharedB: Tensor  // frozen, the same objects in every hook
        let lambdaB: Tensor  // (out)
        let lambdaD: Tensor  // (r)
        init(shared: (a: Tensor, b: Tensor), linear: Linear, rank: Int, dInit: Float) {
            (sharedA, sharedB) = shared
            lambdaB = .zeros([linear.outFeatures], requiresGrad: true)
            lambdaD = .full([rank], dInit, requiresGrad: true)
        }
        func delta(_ base: Linear) -> Tensor {
            let a = sharedA.slice(axis: 1, 0..<base.inFeatures)  // (r, in)
            let b = sharedB.slice(axis: 0, 0..<base.outFeatures)  // (out, r)
            return (b * lambdaD).matmul(a) * lambdaB.reshaped([base.outFeatures, 1])
        }
    }
}

extension VeRA: PEFTExportable {
    /// vera_lambda_b = λ_b, vera_lambda_d = λ_d, and the shared pair as base_model.vera_A / vera_B
    /// (`save_projection`), so PEFT uses our matrices rather than regenerating its own.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        guard let first = found.first?.hook else {
            throw MethodError.unsupported(method: Self.name, reason: "no VeRA layers to export")
        }
        var tensors: [String: Tensor] = ["base_model.vera_A": first.sharedA, "base_model.vera_B": first.sharedB]
        for (path, _, h) in found {
            tensors[peftKey(path, "vera_lambda_b")] = h.lambdaB
            tensors[peftKey(path, "vera_lambda_d")] = h.lambdaD
        }
        return (
            tensors,
            [
                "peft_type": .string("VERA"), "r": .int(options.rank), "d_initial": .float(Double(dInit)),
                "target_modules": .strings(targetNames(found.map(\.path))),
                "projection_prng_key": .int(Int(projectionSeed)),
                "save_projection": .bool(true), "vera_dropout": .float(0), "bias": .string("none"),
                "init_weights": .bool(true),
            ]
        )
    }
}
