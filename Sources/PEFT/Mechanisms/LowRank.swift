// The low-rank update shared by the LoRA family: y = W₀x + b + s·B(Ax), A (r, in), B (out, r).
// The forward pass is the fused kernel in Tensor+LowRank.swift (its op-by-op reference is tested
// against it); the merge writes W₀ + s·BA.

import NN
import Tensor

public final class LowRankHook: Module, MergeableLinearHook {
    public let a: Tensor  // (r, in)
    public let b: Tensor  // (out, r)
    public let scale: Float

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

    /// x (…, in) → base(x) + s·(x Aᵀ) Bᵀ, fused.
    public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
        x.linear(weight: base.weight, bias: base.bias, lowRankA: a, b: b, scale: scale)
    }

    /// s·(x Aᵀ) Bᵀ alone, (…, out), for layers that add it to something other than the plain base
    /// product (a quantized base, a gate).
    public func update(_ x: Tensor) -> Tensor { x.matmul(a, transB: true).matmul(b, transB: true) * scale }

    /// s·BA (out, in).
    public func delta() -> Tensor { b.matmul(a) * scale }
    public func mergedWeight(_ base: Linear) -> Tensor { base.weight + delta() }
}

/// PEFT's LORA tensors for every low-rank hook of `model` — lora_A.weight = A (r, in),
/// lora_B.weight = B (out, r) — and the config (lora, rslora, lora-fa: plain LoRA at inference).
func loraExport(_ model: Module, options: LowRankOptions, rslora: Bool = false) -> (
    tensors: [String: Tensor], config: [String: PEFTConfigValue]
) {
    let found = hooks(model, LowRankHook.self)
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

    init(_ options: Options, rank r: Int = 8, alpha: Float = 16, targets: [String] = ["q", "v"]) throws {
        rank = try options.int("r", default: r, in: 1...65_536)
        self.alpha = try options.float("alpha", default: alpha, in: 0...1e6)
        self.targets = try Targets.parse(options, default: targets)
    }

    /// Attaches `make(linear)` to every target, after checking the rank. The caller has frozen
    /// the model.
    func attach(_ model: Module, method: String, _ make: (Linear) throws -> any LinearHook) throws {
        for (name, linear) in model.targetLinears(targets) where rank > min(linear.inFeatures, linear.outFeatures) {
            throw MethodError.invalidOption(
                method: method, key: "r", value: "\(rank)",
                expected:
                    "an integer in 1…\(min(linear.inFeatures, linear.outFeatures)) (\(name) is \(linear.outFeatures)×\(linear.inFeatures))"
            )
        }
        try attachLinearHooks(model, targets: targets, method: method, make)
    }
}
