// Optimizers over the parameters that require a gradient. Each parameter group has its own
// learning-rate multiplier and weight decay (LoRA+ gives B a larger rate; norms and biases are
// usually not decayed). After a step the gradients are released (set to nil), like
// `zero_grad(set_to_none=True)`, so they do not count as live memory between steps.

import Foundation
import Tensor

/// Parameters that share optimizer settings.
public struct ParameterGroup {
    public var parameters: [Tensor]
    public var lrScale: Float
    public var weightDecay: Float
    /// A peak learning rate of the group's own, independent of the run's (diff pruning's gates
    /// train at 0.1 whatever the weights' rate is); it follows the run's schedule. The trainer
    /// turns it into `lrScale` once it knows the run's peak (`resolved(runPeak:)`).
    public var peakLR: Float?
    public init(_ parameters: [Tensor], lrScale: Float = 1, weightDecay: Float = 0, peakLR: Float? = nil) {
        self.parameters = parameters
        self.lrScale = lrScale
        self.weightDecay = weightDecay
        self.peakLR = peakLR
    }

    /// The usual split: matrices get weight decay; vectors (biases, norm gains, scales) get none.
    public static func decayingMatrices(_ parameters: [Tensor], weightDecay: Float) -> [ParameterGroup] {
        [
            ParameterGroup(parameters.filter { $0.rank >= 2 }, weightDecay: weightDecay),
            ParameterGroup(parameters.filter { $0.rank < 2 }),
        ]
    }

    /// The group with `peakLR` expressed as a scale of the run's peak rate.
    public func resolved(runPeak: Float) -> ParameterGroup {
        guard let peakLR, runPeak > 0 else { return self }
        var g = self
        (g.lrScale, g.peakLR) = (peakLR / runPeak, nil)
        return g
    }
}

public protocol Optimizer: AnyObject {
    /// Applies one update with learning rate `lr` and releases the gradients.
    func step(lr: Float)
    /// Forgets the state of `parameters`, as a new optimizer over them would start (PeriodicLoRA
    /// re-initialises its factors at the end of each stage).
    func restart(_ parameters: [Tensor])
}

/// AdamW (Loshchilov & Hutter, 1711.05101): Adam with bias correction and weight decay applied to
/// the weights directly, θ ← θ − lr·(m̂/(√v̂ + eps) + wd·θ).
public final class AdamW: Optimizer {
    public let groups: [ParameterGroup]
    public let beta1: Float, beta2: Float, eps: Float
    private var m: [ObjectIdentifier: Tensor] = [:]
    private var v: [ObjectIdentifier: Tensor] = [:]
    /// Updates each parameter has had since its state began: its bias correction counts those,
    /// as PyTorch's per-parameter `step` does, so a tensor that first gets a gradient late (or
    /// restarts) starts as a fresh optimizer would.
    private var updates: [ObjectIdentifier: Int] = [:]

    public init(_ groups: [ParameterGroup], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) {
        self.groups = groups
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    public func restart(_ parameters: [Tensor]) {
        for p in parameters {
            let id = ObjectIdentifier(p)
            (m[id], v[id], updates[id]) = (nil, nil, nil)
        }
    }

    /// The bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ after t steps.
    private func corrections(_ t: Int) -> (Float, Float) {
        (1 - Foundation.pow(beta1, Float(t)), 1 - Foundation.pow(beta2, Float(t)))
    }

    public func step(lr: Float) {
        let (b1, b2, eps) = (beta1, beta2, eps)
        for group in groups {
            let a = lr * group.lrScale, wd = group.weightDecay
            for p in group.parameters {
                guard p.requiresGrad, let g = p.grad else { continue }
                let id = ObjectIdentifier(p)
                let t = (updates[id] ?? 0) + 1
                updates[id] = t
                let (c1, c2) = corrections(t)
                let (mt, vt) = (m[id] ?? .zeros(p.shape), v[id] ?? .zeros(p.shape))
                m[id] = mt; v[id] = vt
                let (w, gd, md, vd) = (p.data, g.data, mt.data, vt.data)
                parallelFor(p.count) { r in
                    // Eight parameters per turn (the scalar loop's divisions and square roots cost
                    // ~3% of an lm step), then the tail one at a time with the same formula.
                    var i = r.lowerBound
                    func update(_ m: Float8, _ v: Float8, _ g: Float8, _ w: Float8) -> (m: Float8, v: Float8, w: Float8)
                    {
                        let m = b1 * m + (1 - b1) * g, v = b2 * v + (1 - b2) * g * g
                        return (m, v, w - a * ((m / c1) / ((v / c2).squareRoot() + eps) + wd * w))
                    }
                    while i + 8 <= r.upperBound {
                        let u = update(Float8(md, i), Float8(vd, i), Float8(gd, i), Float8(w, i))
                        u.m.store(md, i); u.v.store(vd, i); u.w.store(w, i)
                        i += 8
                    }
                    if i < r.upperBound {
                        let n = r.upperBound - i
                        let u = update(Float8(md, i, n), Float8(vd, i, n), Float8(gd, i, n), Float8(w, i, n))
                        u.m.store(md, i, n); u.v.store(vd, i, n); u.w.store(w, i, n)
                    }
                }
                p.grad = nil
            }
        }
    }
}

/// Stochastic gradient descent with optional momentum and (coupled) weight decay.
public final class SGD: Optimizer {
    public let groups: [ParameterGroup]
    public let momentum: Float
    private var velocity: [ObjectIdentifier: Tensor] = [:]

    public init(_ groups: [ParameterGroup], momentum: Float = 0) {
        self.groups = groups
        self.momentum = momentum
    }

    public func restart(_ parameters: [Tensor]) {
        for p in parameters { velocity[ObjectIdentifier(p)] = nil }
    }

    public func step(lr: Float) {
        for group in groups {
            let a = lr * group.lrScale, wd = group.weightDecay, mu = momentum
            for p in group.parameters {
                guard p.requiresGrad, let g = p.grad else { continue }
                let (w, gd) = (p.data, g.data)
                if mu == 0 {
                    for i in 0..<p.count { w[i] -= a * (gd[i] + wd * w[i]) }
                } else {
                    let buf = velocity[ObjectIdentifier(p)] ?? .zeros(p.shape)
                    velocity[ObjectIdentifier(p)] = buf
                    for i in 0..<p.count {
                        buf.data[i] = mu * buf.data[i] + gd[i] + wd * w[i]
                        w[i] -= a * buf.data[i]
                    }
                }
                p.grad = nil
            }
        }
    }
}

/// Linear warm-up to `peak`, then cosine decay to `floor` at `total` steps.
public struct WarmupCosine: Sendable {
    public let peak: Float, floor: Float
    public let warmup: Int, total: Int
    public init(peak: Float, warmup: Int, total: Int, floor: Float = 0) {
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.floor = floor
    }

    /// The learning rate for step `t` (0-based).
    public func callAsFunction(_ t: Int) -> Float {
        if t < warmup { return peak * Float(t + 1) / Float(warmup) }
        let progress = Float(t - warmup) / Float(Swift.max(total - warmup, 1))
        return floor + 0.5 * (peak - floor) * (1 + Foundation.cos(Float.pi * Swift.min(progress, 1)))
    }
}
