// BitDelta: a fine-tune's weight delta compressed to one bit per weight. Phase 1 fine-tunes the
// whole backbone; for each target matrix the delta Δ = W_ft − W₀ becomes Δ̂ = α·sign(Δ) with
// α = mean|Δ| (the L2-optimal scale for fixed signs); phase 2 trains only the α's (and the
// tensors BitDelta does not binarize: embeddings, norms, biases), the signs frozen:
// y = x(W₀ + α·S)ᵀ + b, S ∈ {±1}^{out×in}. Stored per task: 1 bit per target weight, one α per
// matrix, the non-binarized tensors. Merge: W ← W₀ + α·S.
// Phase 1 trains W as W₀ + D (D dense, zero at the start: full fine-tuning of W, but for weight
// decay), so W₀ stays in the base tensor, as BitDelta's serving keeps one base for all tasks.
// Liu et al. 2024, arXiv 2402.10193. Trainable: N + 6L in phase 1 (the α's are there from the
// start, unused); then 6L α's + the non-binarized N − (4d² + 2dh)L.

import NN
import Tensor

public final class BitDelta: PEFTMethod {
    public static let name = "bitdelta"
    public static let family = Family.quantized
    public static let paper = "2402.10193"
    public static let formula = "N + 6L in phase 1; then one α per target matrix, signs 1 bit per weight"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.params + 6 * s.L }
    public static let mergeable = true
    public static let lrScale: Float = 1  // phase 1 is full fine-tuning, whose rate the task's is
    public static let departures = [
        "D, a matrix, gets the matrices' weight decay, which pulls W towards W₀ rather than towards 0 as full fine-tuning's decay of W does",
        "The fine-tune is phase 1 of the same run (the first half of the steps, as LT-SFT), not a separate `full` run: the row stands alone and its time includes the fine-tune",
        "The α's are trained on the task loss in phase 2, not distilled against the fine-tuned model's logits on generic text (the runner has no teacher pass); the non-binarized tensors keep training with them",
        "During training the signs are held as Float32 ±1 (the stored form, adapter_bytes, packs them 32 to a word)",
    ]
    let targets: [String]
    var hooks: [(name: String, hook: Hook)] = []
    var fitError: Double?

    public init(_ options: Options) throws {
        targets = try Targets.parse(options, default: Targets.linears)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        _ = try model.requireBlocks(for: Self.name)
        model.unfreeze()  // phase 1 trains the whole backbone
        if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
        let sites = model.targetLinears(targets)
        try attachLinearHooks(model, targets: targets, method: Self.name) { linear in
            linear.weight.requiresGrad = false  // W₀; phase 1 moves D instead
            return Hook(out: linear.outFeatures, in: linear.inFeatures)
        }
        hooks = sites.map { ($0.name, $0.linear.hook as! Hook) }
    }

    /// The end of phase 1: signs and scales from D, D back to zero and frozen.
    public func afterStep(_ step: Int, total: Int) {
        guard step == FixedMask.lastStepOfFirstHalf(total: total) else { return }
        var residual = 0.0, energy = 0.0
        for (_, h) in hooks {
            let d = h.dense.values, n = Float(d.count)
            let alpha = d.reduce(0) { $0 + Swift.abs($1) } / n
            for (e, v) in d.enumerated() {
                h.sign.data[e] = v >= 0 ? 1 : -1
                residual += Double((v - alpha * h.sign.data[e]) * (v - alpha * h.sign.data[e]))
                energy += Double(v * v)
                h.dense.data[e] = 0
            }
            h.alpha.data[0] = alpha
            h.dense.requiresGrad = false
            h.phase2 = true
        }
        fitError = energy > 0 ? (residual / energy).squareRoot() : 0
    }

    public func restartedTensors(after step: Int, total: Int) -> [Tensor] {
        step == FixedMask.lastStepOfFirstHalf(total: total) ? hooks.map(\.hook.alpha) : []
    }

    /// D may change in phase 1 only: afterwards none of its entries (it is zero and unused).
    public func trainableMask(_ tensor: Tensor) -> [Bool]? {
        guard let h = hooks.first(where: { $0.hook.dense === tensor })?.hook, h.phase2 else { return nil }
        return [Bool](repeating: false, count: tensor.count)
    }

    public func rewrittenTensors(_ model: Module) -> [String] { hooks.map { "\($0.name).hook.sign" } }

    /// After phase 2: the packed signs and α per target matrix, and the non-binarized tensors.
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        guard hooks.first?.hook.phase2 == true else { return nil }
        var out: [String: Tensor] = [:]
        for (name, h) in hooks {
            out["\(name).sign_bits"] = packedSigns(h.sign.values)
            out["\(name).alpha"] = h.alpha.detached()
        }
        let output = model.outputLayerPattern
        for p in model.trainableParameters() where !hooks.contains(where: { $0.hook.alpha === p.tensor }) {
            if let output, glob(output, p.name) { continue }
            out[p.name] = p.tensor.detached()
        }
        return out
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        fitError.map { [("sign_fit_rel_error", $0)] } ?? []
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    final class Hook: Module, DeltaWeightHook {
        let dense: Tensor  // D (out, in): phase 1's update of W, zero afterwards
        let sign: Tensor  // S (out, in): 0 in phase 1, then ±1 (frozen, rewritten once)
        let alpha: Tensor  // α (1)
        var phase2 = false
        init(out: Int, in: Int) {
            dense = .zeros([out, `in`], requiresGrad: true)
            sign = .zeros([out, `in`])
            alpha = .zeros([1], requiresGrad: true)
        }
        func delta(_ base: Linear) -> Tensor { dense + sign * alpha }
    }
}

/// Signs (±1) as bits, 32 to a 4-byte word (bit j of word i: entry 32i + j is positive), each word
/// stored as the bit pattern of a Float32 so the F32-only adapter file holds 1 bit per sign.
func packedSigns(_ signs: [Float]) -> Tensor {
    var words = [Float](repeating: 0, count: (signs.count + 31) / 32)
    for w in words.indices {
        var bits: UInt32 = 0
        for j in 0..<32 where w * 32 + j < signs.count && signs[w * 32 + j] > 0 { bits |= 1 << UInt32(j) }
        words[w] = Float(bitPattern: bits)
    }
    return Tensor(words, shape: [words.count])
}
