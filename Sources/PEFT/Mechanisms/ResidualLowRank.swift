// LoRA factors cut out of W₀ itself (PiSSA: its principal singular directions; OLoRA: its QR
// factors). The frozen weight becomes the residual W_res = W₀ − s·B₀A₀, so W_res + s·BA = W₀ at
// step 0 within rounding. The initial factors are kept for the export, which writes a plain LoRA
// of rank 2r on the ORIGINAL W₀: A′ = [A; A₀] (2r, in), B′ = [B, −B₀] (out, 2r), so
// W₀ + s·B′A′ = W_res + s·BA, with lora_alpha = s·2r (what PEFT's own conversion of PiSSA and
// OLoRA adapters does).

import NN
import Tensor

final class ResidualLowRank {
    let options: LowRankOptions
    private var initial: [ObjectIdentifier: (a: Tensor, b: Tensor)] = [:]  // A₀, B₀ by hook
    var scale: Float { options.alpha / Float(options.rank) }

    init(_ options: LowRankOptions) { self.options = options }

    /// Freezes `model` and replaces each target's weight by its residual. `factors(W₀, out, in)`
    /// (W₀ row-major in Double) returns A₀ (r, in), B₀ (out, r) and W_res (out, in).
    func attach(
        _ model: Module, method: String,
        factors: (_ w: [Double], _ out: Int, _ in: Int) -> (a: [Float], b: [Float], residual: [Double])
    ) throws {
        let r = options.rank
        model.freeze()
        try options.attach(model, method: method) { linear in
            let (o, i) = (linear.outFeatures, linear.inFeatures)
            let f = factors(linear.weight.values.map(Double.init), o, i)
            linear.weight.assign(Tensor(f.residual.map(Float.init), shape: [o, i]))
            let hook = LowRankHook(
                a: Tensor(f.a, shape: [r, i], requiresGrad: true), b: Tensor(f.b, shape: [o, r], requiresGrad: true),
                scale: scale)
            initial[ObjectIdentifier(hook)] = (Tensor(f.a, shape: [r, i]), Tensor(f.b, shape: [o, r]))
            return hook
        }
    }

    /// PEFT's LORA tensors and config for the rank-2r adapter on the original weights.
    func peftExport(_ model: Module) -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, LowRankHook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found {
            guard let (a0, b0) = initial[ObjectIdentifier(h)] else { continue }
            tensors[peftKey(path, "lora_A.weight")] = withoutGrad { Tensor.concat([h.a, a0], axis: 0) }
            tensors[peftKey(path, "lora_B.weight")] = withoutGrad { Tensor.concat([h.b, b0 * -1], axis: 1) }
        }
        let config = loraConfig(
            rank: 2 * options.rank, alpha: Double(scale) * Double(2 * options.rank), paths: found.map(\.path))
        return (tensors, config)
    }
}
