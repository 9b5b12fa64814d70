// AdaLoRA: an SVD-form update ΔW = (α/r)·P·diag(λ)·Q per target (r = init_r, the scaling HF
// PEFT and the authors' loralib use), P (out, r), Q (r, in) Gaussian
// (std 0.02), λ = 0, with a global rank budget. Each triplet i scores
//   S_i = s(λ_i) + mean_j s(P_ji) + mean_j s(Q_ij),  s(w) = Ī(w)·Ū(w),
// Ī an EMA (β₁) of the sensitivity |w·∂L/∂w| and Ū an EMA (β₂) of |I − Ī|. The budget is
// init_r·n until t_init, falls cubically to target_r·n at T − t_final, and stays there; every ΔT
// steps (and every step at the end) the λ's outside the top budget are set to 0. The loss gets
// orth · (1/2n) Σ over the n targets of ‖PᵀP − I‖_F + ‖QQᵀ − I‖_F: the plain (unsquared)
// Frobenius norm averaged over all 2n matrices, as the authors' code and HF PEFT compute it.
// Zhang et al. 2023, arXiv 2303.10512.
// Trainable (allocated) per target: init_r(d_in + d_out + 1). Merge: W ← W₀ + (α/r)·P·diag(λ)·Q.

import NN
import Tensor

public final class AdaLoRA: PEFTMethod {
    public static let name = "adalora"
    public static let family = Family.reparameterized
    public static let paper = "2303.10512"
    public static let formula =
        "init_r(d_in + d_out + 1) per target allocated; target_r·n_t·(d_in + d_out + 1) at the end"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { 2 * s.L * 12 * (2 * s.d + 1) }  // init_r = 12, allocated
    public static let mergeable = true
    public static let departures = [
        "tinit, tfinal are fractions of the run's steps (HF PEFT and the paper give step counts), so one default fits every task's budget"
    ]
    let initRank: Int, targetRank: Int, alpha: Float, targets: [String]
    let tInit: Float, tFinal: Float, deltaT: Int, beta1: Float, beta2: Float, orth: Float
    var hooks: [Hook] = []
    var finalMask: [[Bool]]?

    public init(_ options: Options) throws {
        initRank = try options.int("init_r", default: 12, in: 1...65_536)
        targetRank = try options.int("target_r", default: 8, in: 0...65_536)
        alpha = try options.float("alpha", default: 8, in: 0...1e6)  // HF PEFT's default lora_alpha
        targets = try Targets.parse(options, default: ["q", "v"])
        tInit = try options.float("tinit", default: 0.1, in: 0...1)
        tFinal = try options.float("tfinal", default: 0.2, in: 0...1)
        deltaT = try options.int("deltaT", default: 10, in: 1...1_000_000)
        beta1 = try options.float("beta1", default: 0.85, in: 0...1)
        beta2 = try options.float("beta2", default: 0.85, in: 0...1)
        orth = try options.float("orth", default: 0.5, in: 0...1e6)
        try options.finish()
        guard targetRank <= initRank else {
            throw MethodError.invalidOption(
                method: Self.name, key: "target_r", value: "\(targetRank)",
                expected: "an integer in 0…\(initRank) (init_r)")
        }
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var rng = RNG(seed: seed)
        let rankOptions = try LowRankOptions(
            Options(method: Self.name, ["r": "\(initRank)", "targets": targets.joined(separator: ",")]))
        hooks = []
        try rankOptions.attach(model, method: Self.name) { linear in
            let h = Hook(linear: linear, rank: initRank, scale: alpha / Float(initRank), rng: &rng)
            hooks.append(h)
            return h
        }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    public func regularizer() -> Tensor? {
        guard orth > 0, !hooks.isEmpty else { return nil }
        let eye = Tensor.identity(initRank)
        let terms = hooks.map { h in
            (h.p.matmul(h.p, transA: true) - eye).square().sum().sqrt()
                + (h.q.matmul(h.q, transB: true) - eye).square().sum().sqrt()
        }
        return terms.dropFirst().reduce(terms[0], +) * (orth / Float(2 * hooks.count))
    }

    /// The budget (kept triplets over all targets) after step t of T.
    public func budget(step t: Int, total: Int) -> Int {
        let (b0, bT) = (initRank * hooks.count, targetRank * hooks.count)
        let ti = Int(tInit * Float(total)), tf = Int(tFinal * Float(total))
        if t < ti { return b0 }
        if t >= total - tf - 1 { return bT }
        let progress = Double(t - ti) / Double(Swift.max(total - tf - 1 - ti, 1))
        let cube = (1 - progress) * (1 - progress) * (1 - progress)
        return bT + Int((Double(b0 - bT) * cube).rounded(.down))
    }

    public func afterBackward(_ step: Int, total: Int) {
        for h in hooks { h.updateImportance(beta1: beta1, beta2: beta2) }
    }

    public func afterStep(_ step: Int, total: Int) {
        let ti = Int(tInit * Float(total)), tf = Int(tFinal * Float(total))
        if step >= total - tf - 1 {  // the final budget, fixed once chosen
            if finalMask == nil { finalMask = topTriplets(budget(step: step, total: total)) }
            mask(finalMask!)
        } else if step >= ti, (step - ti) % deltaT == 0 {
            mask(topTriplets(budget(step: step, total: total)))
        }
    }

    /// Keep-masks for the `b` triplets with the highest scores (ties: earlier target, lower index).
    func topTriplets(_ b: Int) -> [[Bool]] {
        var all: [(Float, Int, Int)] = []
        for (k, h) in hooks.enumerated() { for (i, s) in h.scores().enumerated() { all.append((s, k, i)) } }
        all.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2) < ($1.1, $1.2) }
        var keep = hooks.map { _ in [Bool](repeating: false, count: initRank) }
        for (_, k, i) in all.prefix(b) { keep[k][i] = true }
        return keep
    }

    func mask(_ keep: [[Bool]]) {
        for (h, mask) in zip(hooks, keep) { for i in 0..<mask.count where !mask[i] { h.lambda.data[i] = 0 } }
    }

    public final class Hook: Module, MergeableLinearHook {
        public let p: Tensor  // (out, r)
        public let lambda: Tensor  // (r), the singular values, start at 0
        public let q: Tensor  // (r, in)
        public let scale: Float  // α / init_r
        var _importance: [ObjectIdentifier: (mean: [Float], uncertainty: [Float])] = [:]

        init(linear: Linear, rank r: Int, scale: Float, rng: inout RNG) {
            self.scale = scale
            p = .randn([linear.outFeatures, r], std: 0.02, rng: &rng, requiresGrad: true)
            lambda = .zeros([r], requiresGrad: true)
            q = .randn([r, linear.inFeatures], std: 0.02, rng: &rng, requiresGrad: true)
        }

        public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            x.linear(weight: base.weight, bias: base.bias, lowRankA: q, b: p * lambda, scale: scale)
        }
        public func mergedWeight(_ base: Linear) -> Tensor { base.weight + (p * lambda).matmul(q) * scale }

        /// Updates Ī and Ū of every entry of P, λ and Q from the current gradients.
        func updateImportance(beta1: Float, beta2: Float) {
            for t in [p, lambda, q] {
                guard let g = t.grad else { continue }
                var (mean, unc) =
                    _importance[ObjectIdentifier(t)] ?? (
                        [Float](repeating: 0, count: t.count), [Float](repeating: 0, count: t.count)
                    )
                for e in 0..<t.count {
                    let sensitivity = Swift.abs(t.data[e] * g.data[e])
                    mean[e] = beta1 * mean[e] + (1 - beta1) * sensitivity
                    unc[e] = beta2 * unc[e] + (1 - beta2) * Swift.abs(sensitivity - mean[e])
                }
                _importance[ObjectIdentifier(t)] = (mean, unc)
            }
        }

        /// S_i per triplet: s(λ_i) + mean over P's column i + mean over Q's row i.
        func scores() -> [Float] {
            func s(_ t: Tensor) -> [Float] {
                guard let (m, u) = _importance[ObjectIdentifier(t)] else {
                    return [Float](repeating: 0, count: t.count)
                }
                return zip(m, u).map { $0 * $1 }
            }
            let (sp, sl, sq) = (s(p), s(lambda), s(q))
            let (r, out, inn) = (lambda.count, p.shape[0], q.shape[1])
            return (0..<r).map { i in
                sl[i] + (0..<out).reduce(0) { $0 + sp[$1 * r + i] } / Float(out) + (0..<inn).reduce(0) {
                    $0 + sq[i * inn + $1]
                } / Float(inn)
            }
        }
    }
}

extension AdaLoRA: PEFTExportable {
    /// lora_A = Q (r, in), lora_B = P (out, r), lora_E = λ (r, 1). PEFT scales the update by
    /// lora_alpha/(ranknum + 1e-5) with ranknum = init_r; ours by α/init_r, so lora_alpha is
    /// α·(init_r + 1e-5)/init_r.
    /// The schedule fields only matter for training in PEFT.
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = model.namedModules().compactMap { path, m -> (String, Hook)? in
            guard let l = m as? Linear, let h = l.hook as? Hook else { return nil }
            return (path, h)
        }
        var tensors: [String: Tensor] = [:]
        for (path, h) in found {
            tensors[peftKey(path, "lora_A")] = h.q
            tensors[peftKey(path, "lora_B")] = h.p
            tensors[peftKey(path, "lora_E")] = h.lambda.reshaped([initRank, 1])
        }
        return (
            tensors,
            [
                "peft_type": .string("ADALORA"), "init_r": .int(initRank), "target_r": .int(targetRank),
                "r": .int(targetRank),
                "lora_alpha": .float(Double(alpha) * (Double(initRank) + 1e-5) / Double(initRank)),
                "target_modules": .strings(targetNames(found.map(\.0))),
                "lora_dropout": .float(0), "beta1": .float(Double(beta1)), "beta2": .float(Double(beta2)),
                "orth_reg_weight": .float(Double(orth)), "total_step": .int(100), "tinit": .int(0), "tfinal": .int(0),
                "deltaT": .int(1), "bias": .string("none"), "fan_in_fan_out": .bool(false),
                "init_lora_weights": .bool(true),
            ]
        )
    }
}
