// The low-rank update shared by the LoRA family: y = W₀x + b + s·B(Ax), A (r, in), B (out, r).
// The forward pass is the fused kernel in Tensor+LowRank.swift (its op-by-op reference is tested
// against it); the merge writes W₀ + s·BA.

import NN
import Tensor

public final class LowRankHook: Module, MergeableLinearHook {
    public let a: Tensor  // (r, in)
    public let b: Tensor  // (out, r)
    public let scale: Float
    /// LoRA Dropout's masks on the factors in training (nil: none).
    public var factorDropout: FactorDropout?

    public init(a: Tensor, b: Tensor, scale: Float) {
        self.a = a
        self.b = b
        self.scale = scale
    }

    /// A Kaiming-uniform (a = √5, PyTorch's Linear default, as HF PEFT uses: bound 1/√in), B zero.
    public convenience init(inFeatures: Int, outFeatures: Int, rank: Int, scale: Float, rng: inout RNG) {
        let (a, b) = Self.initialFactors(inFeatures: inFeatures, outFeatures: outFeatures, rank: rank, rng: &rng)
        self.init(a: a, b: b, scale: scale)
    }

    /// LoRA's starting factors, trainable: A (r, in) Kaiming-uniform (bound 1/√in), B (out, r) zero.
    public static func initialFactors(inFeatures: Int, outFeatures: Int, rank: Int, rng: inout RNG) -> (
        a: Tensor, b: Tensor
    ) {
        let bound = 1 / Float(inFeatures).squareRoot()
        return (
            .uniform([rank, inFeatures], -bound, bound, rng: &rng, requiresGrad: true),
            .zeros([outFeatures, rank], requiresGrad: true)
        )
    }

    /// The factors of this forward pass: A and B, or in a training pass under `factorDropout`
    /// A with some columns and B with some rows dropped.
    func factors() -> (a: Tensor, b: Tensor) {
        guard isTraining, let dropout = factorDropout else { return (a, b) }
        let (keepIn, keepOut) = dropout.masks(inFeatures: a.shape[1], outFeatures: b.shape[0])
        return (a * keepIn, b * keepOut)
    }

    /// x (…, in) → base(x) + s·(x Aᵀ) Bᵀ, fused.
    public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
        let (a, b) = factors()
        return x.linear(weight: base.weight, bias: base.bias, lowRankA: a, b: b, scale: scale)
    }

    /// s·(x Aᵀ) Bᵀ alone, (…, out), for layers that add it to something other than the plain base
    /// product (a quantized base, a gate).
    public func update(_ x: Tensor) -> Tensor {
        let (a, b) = factors()
        return x.matmul(a, transB: true).matmul(b, transB: true) * scale
    }

    /// s·BA (out, in).
    public func delta() -> Tensor { b.matmul(a) * scale }
    public func mergedWeight(_ base: Linear) -> Tensor { base.weight + delta() }
}

/// LoRA Dropout's masks (2404.09610): in each training pass every column of A (an input feature)
/// and every row of B (an output feature) is kept with probability 1 − p, redrawn per pass and
/// shared by the batch; kept ones are scaled by 1/(1 − p), so E[ΔW] = s·BA. An entry of ΔW is
/// then dropped with probability 2p − p², the sparsity in the paper's bound.
public final class FactorDropout {
    public let p: Float
    var rng: RNG
    init(p: Float, seed: UInt64) { (self.p, rng) = (p, RNG(seed: seed)) }

    /// (1, in) and (out, 1) masks of 0 and 1/(1 − p).
    func masks(inFeatures: Int, outFeatures: Int) -> (in: Tensor, out: Tensor) {
        let kept = 1 / (1 - p)
        func draw(_ n: Int) -> [Float] { (0..<n).map { _ in rng.uniform() < p ? 0 : kept } }
        return (Tensor(draw(inFeatures), shape: [1, inFeatures]), Tensor(draw(outFeatures), shape: [outFeatures, 1]))
    }
}

/// PEFT's LORA tensors for every low-rank hook of `model` — lora_A.weight = A (r, in),
/// lora_B.weight = B (out, r) — and the config (lora, rslora, lora-fa: plain LoRA at inference).
func loraExport(_ model: Module, options: LowRankOptions, rslora: Bool = false) -> (
    tensors: [String: Tensor], config: [String: PEFTConfigValue]
) {
    // A quantized base's LoRA (QLoRA, LoftQ, LQ-LoRA) is a plain LoRA on the dequantized weights,
    // which the exporter writes as the base.
    let found =
        hooks(model, LowRankHook.self)
        + hooks(model, QLoRA.Hook.self).map { (path: $0.path, linear: $0.linear, hook: $0.hook.lowRank) }
    var tensors: [String: Tensor] = [:]
    for (path, _, h) in found {
        tensors[peftKey(path, "lora_A.weight")] = h.a
        tensors[peftKey(path, "lora_B.weight")] = h.b
    }
    return (
        tensors, loraConfig(rank: options.rank, alpha: Double(options.alpha), paths: found.map(\.path), rslora: rslora)
    )
}

/// adapter_config.json fields of PEFT's LORA type (lora, rslora, dora, and pissa as plain LoRA).
func loraConfig(rank: Int, alpha: Double, paths: [String], rslora: Bool = false, dora: Bool = false) -> [String:
    PEFTConfigValue]
{
    [
        "peft_type": .string("LORA"), "r": .int(rank), "lora_alpha": .float(alpha),
        "target_modules": .strings(targetNames(paths)),
        "lora_dropout": .float(0), "use_rslora": .bool(rslora), "use_dora": .bool(dora), "bias": .string("none"),
        "fan_in_fan_out": .bool(false), "init_lora_weights": .bool(true),
    ]
}

/// Options of the LoRA family: rank, alpha, targets; the rank is checked against each layer.
struct LowRankOptions {
    let rank: Int
    let alpha: Float
    let targets: [String]

    /// `alpha` nil: the method has no α (GLoRA), so the option is not read and stays unknown.
    init(_ options: Options, rank r: Int = 8, alpha: Float? = 16, targets: [String] = ["q", "v"]) throws {
        rank = try options.int("r", default: r, in: 1...65_536)
        self.alpha = try alpha.map { try options.float("alpha", default: $0, in: 0...1e6) } ?? 1
        self.targets = try Targets.parse(options, default: targets)
    }

    /// Attaches `make(linear)` to every target, after checking the rank. The caller has frozen
    /// the model.
    func attach(_ model: Module, method: String, _ make: (Linear) throws -> any LinearHook) throws {
        try checkRank(model, method: method)
        try attachLinearHooks(model, targets: targets, method: method, make)
    }

    /// Freezes `model` and attaches a plain LoRA (A Kaiming-uniform from `seed`, B = 0, scale `s`,
    /// α/r unless given) to every target; returns the targets with their hooks.
    @discardableResult
    func attachLoRA(_ model: Module, method: String, seed: UInt64, scale s: Float? = nil) throws -> [(
        path: String, linear: Linear, hook: LowRankHook
    )] {
        var rng = RNG(seed: seed)
        let (r, s) = (rank, s ?? alpha / Float(rank))
        model.freeze()
        try attach(model, method: method) {
            LowRankHook(inFeatures: $0.inFeatures, outFeatures: $0.outFeatures, rank: r, scale: s, rng: &rng)
        }
        return hooks(model, LowRankHook.self)
    }

    /// Throws when the rank exceeds a target's smaller side.
    func checkRank(_ model: Module, method: String) throws {
        for (name, linear) in model.targetLinears(targets) where rank > min(linear.inFeatures, linear.outFeatures) {
            throw MethodError.invalidOption(
                method: method, key: "r", value: "\(rank)",
                expected:
                    "an integer in 1…\(min(linear.inFeatures, linear.outFeatures)) (\(name) is \(linear.outFeatures)×\(linear.inFeatures))"
            )
        }
    }
}
