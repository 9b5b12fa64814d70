// Diff pruning: θ = θ₀ + z⊙w for every backbone tensor, with a per-entry hard-concrete gate
//   s = σ(log u − log(1 − u) + log α),  u ~ U(0, 1);  z = min(1, max(0, s(r − l) + l)),
// (l, r) = (−1.5, 1.5), and the loss plus λ·E‖z‖₀/N, E‖z‖₀ = Σ σ(log α − log(−l/r)) (λ acts
// on the expected FRACTION of non-zeros). w starts at 0 (θ = θ₀ at step 0) and log α at 5 (gates
// open). log α trains in its own AdamW group at peak rate `gate_lr` = 0.1 (the authors' code), on
// the run's schedule, whatever rate w has: at the weights' rate (1e-2 peak, cosine-decayed) it
// moved ≤ ~1.6 over a run, so no gate ever closed and the projection was plain magnitude pruning. Gradients: the backbone tensors receive ∂L/∂θ as usual; the method routes it to
// ∂w = ∂θ⊙z and ∂log α = ∂θ⊙w⊙∂z/∂log α + λ/N·σ'(log α), then writes θ = θ₀ + z⊙w with fresh
// gates after every step. Then, as the paper does, it projects and re-trains: after the first
// (1 − retrain) of the steps it keeps the top-t fraction of |ẑ⊙w| (ẑ the deterministic gate) as a
// fixed mask M and δ = M⊙ẑ⊙w, and the remaining steps train δ alone, θ = θ₀ + M⊙δ
// (∂δ = M⊙∂θ; the gates are gone). Guo et al. 2021, arXiv 2012.07463.
// Trainable: 2N (w and log α) while training; changed afterwards ≤ ⌈tN⌉. Plain weights.

import Foundation
import NN
import Tensor

public final class DiffPruning: PEFTMethod {
    public static let name = "diff-pruning"
    public static let family = Family.selective
    public static let paper = "2012.07463"
    public static let formula = "2N training; changed ≈ tN"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.params }
    public static let mergeable = true
    public static let departures = [
        "λ multiplies the expected FRACTION of open gates (the paper's λ multiplies their count: λ_paper·N = λ here), so one default fits every backbone size",
        "the re-training phase is the last `retrain` share of the same run's steps, not a second fine-tuning run with its own budget, so every method gets the task's step budget",
    ]
    let target: Float, lambda: Float, logAlphaInit: Float, retrain: Float, gateLR: Float
    let (l, r): (Float, Float) = (-1.5, 1.5)
    var entries: [(theta: Tensor, base: [Float], w: Tensor, logAlpha: Tensor, z: [Float])] = []
    var rng = RNG(seed: 0)
    var kept: [ObjectIdentifier: [Bool]] = [:]  // after the projection: the entries that differ from θ₀
    var projected = false  // re-training: w holds δ, θ = θ₀ + M⊙δ

    public init(_ options: Options) throws {
        target = try options.float("target", default: 0.005, in: 0...1)
        lambda = try options.float("lambda", default: 1, in: 0...1e9)
        logAlphaInit = try options.float("log_alpha_init", default: 5, in: -100...100)
        retrain = try options.float("retrain", default: 0.2, in: 0...0.9)
        gateLR = try options.float("gate_lr", default: 0.1, in: 1e-9...100)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.unfreeze()
        if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
        rng = RNG(seed: seed)
        (kept, projected) = ([:], false)
        entries = model.trainableParameters().map { _, t in
            (
                t, t.values, Tensor.zeros(t.shape, requiresGrad: true),
                Tensor.full(t.shape, logAlphaInit, requiresGrad: true),
                [Float](repeating: 0, count: t.count)
            )
        }
        resample()
    }

    /// N: the backbone entries (each has one w and one log α).
    var count: Int { entries.reduce(0) { $0 + $1.theta.count } }

    public func trainableCount(_ model: Module, excluding exclude: (String) -> Bool) -> Int {
        let own = Set(entries.map { ObjectIdentifier($0.theta) })
        let others = model.trainableParameters().filter {
            !own.contains(ObjectIdentifier($0.tensor)) && !exclude($0.name)
        }
        return 2 * count + others.reduce(0) { $0 + $1.tensor.count }
    }

    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let own = Set(entries.map { ObjectIdentifier($0.theta) })
        let others = model.trainableParameters().map(\.tensor).filter { !own.contains(ObjectIdentifier($0)) }
        return [
            ParameterGroup(entries.map(\.w)), ParameterGroup(entries.map(\.logAlpha), peakLR: gateLR),
            ParameterGroup(others, weightDecay: weightDecay),
        ]
    }

    func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    /// Draws fresh gates and writes θ = θ₀ + z⊙w.
    func resample() {
        for k in entries.indices {
            let (theta, base, w, a) = (entries[k].theta, entries[k].base, entries[k].w.data, entries[k].logAlpha.data)
            for e in 0..<theta.count {
                let u = Float.random(in: 1e-6..<(1 - 1e-6), using: &rng)
                let s = sigmoid(Foundation.log(u) - Foundation.log(1 - u) + a[e])
                entries[k].z[e] = Swift.min(1, Swift.max(0, s * (r - l) + l))
                theta.data[e] = base[e] + entries[k].z[e] * w[e]
            }
        }
    }

    /// Routes ∂L/∂θ to w and log α (with the L0 term's gradient) and clears ∂L/∂θ; after the
    /// projection, to the kept entries of δ only.
    public func afterBackward(_ step: Int, total: Int) {
        if projected {
            for (theta, _, w, logAlpha, _) in entries {
                let mask = kept[ObjectIdentifier(theta)]!, g = theta.grad?.data
                let gw = Tensor.zeros(theta.shape)
                if let g { for e in 0..<theta.count where mask[e] { gw.data[e] = g[e] } }
                (w.grad, logAlpha.grad, theta.grad) = (gw, nil, nil)
            }
            return
        }
        let scale = lambda / Float(count), shift = Foundation.log(-l / r)
        for (theta, _, w, logAlpha, z) in entries {
            let g = theta.grad?.data
            let gw = Tensor.zeros(theta.shape), ga = Tensor.zeros(theta.shape)
            for e in 0..<theta.count {
                let a = logAlpha.data[e], pl0 = sigmoid(a - shift)
                var dA = scale * pl0 * (1 - pl0)
                if let g {
                    gw.data[e] = g[e] * z[e]
                    if z[e] > 0 && z[e] < 1 {  // inside the clamp; s = (z − l)/(r − l)
                        let s = (z[e] - l) / (r - l)
                        dA += g[e] * w.data[e] * (r - l) * s * (1 - s)
                    }
                }
                ga.data[e] = dA
            }
            w.grad = gw
            logAlpha.grad = ga
            theta.grad = nil
        }
    }

    /// The steps of the re-training phase: `retrain` of them, leaving at least one gated step.
    func retrainSteps(_ total: Int) -> Int { Swift.min(total - 1, Int((Double(retrain) * Double(total)).rounded())) }

    public func afterStep(_ step: Int, total: Int) {
        if projected {
            for (theta, base, w, _, _) in entries {
                let mask = kept[ObjectIdentifier(theta)]!
                for e in 0..<theta.count { theta.data[e] = base[e] + (mask[e] ? w.data[e] : 0) }
            }
        } else if step == total - 1 - retrainSteps(total) {
            project()
        } else {
            resample()
        }
    }

    /// θ = θ₀ + δ, δ the top-t fraction (over the whole backbone) of ẑ⊙w by magnitude, ẑ the
    /// deterministic gate; w becomes δ for re-training.
    func project() {
        var deltas: [[Float]] = []
        for (_, _, w, a, _) in entries {
            deltas.append(
                (0..<w.count).map { e in Swift.min(1, Swift.max(0, sigmoid(a.data[e]) * (r - l) + l)) * w.data[e] })
        }
        let k = Int((Double(target) * Double(count)).rounded(.up))
        let magnitudes = deltas.flatMap { $0.map { Swift.abs($0) } }.sorted(by: >)
        let threshold = k > 0 && k <= magnitudes.count ? magnitudes[k - 1] : .infinity
        var used = 0
        kept = [:]
        for (j, (theta, base, _, _, _)) in entries.enumerated() {
            var mask = [Bool](repeating: false, count: theta.count)
            for e in 0..<theta.count {
                mask[e] = used < k && Swift.abs(deltas[j][e]) >= threshold && deltas[j][e] != 0
                if mask[e] { used += 1 }
                entries[j].w.data[e] = mask[e] ? deltas[j][e] : 0
                theta.data[e] = base[e] + entries[j].w.data[e]
            }
            kept[ObjectIdentifier(theta)] = mask
        }
        projected = true
    }

    /// The sparse update: flat indices over the backbone's entries (in parameter order, exact as
    /// Float32 below 2²⁴) and the values of θ − θ₀ there.
    public func storedTensors(_ model: Module) -> [String: Tensor]? { sparseDelta(entries.map { ($0.theta, $0.base) }) }

    /// After the projection, only the kept entries of each backbone tensor differ from θ₀.
    public func trainableMask(_ tensor: Tensor) -> [Bool]? { kept[ObjectIdentifier(tensor)] }

    /// E‖z‖₀ = Σ σ(log α − log(−l/r)): the expected number of open gates, what the L0 penalty lowers.
    public var expectedNonZeros: Float {
        let shift = Foundation.log(-l / r)
        return entries.reduce(0) { sum, e in
            sum + (0..<e.w.count).reduce(0) { $0 + sigmoid(e.logAlpha.data[$1] - shift) }
        }
    }

    public func merge(_ model: Module) throws {}
}
