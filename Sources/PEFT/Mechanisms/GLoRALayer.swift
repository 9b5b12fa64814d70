// GLoRA's layer (Hybrid/GLoRA.swift has the method and its search): a target Linear with the
// five support tensors in their largest forms, W = W₀ + W₀ ⊙ A + B and b = b₀ + b₀ ⊙ D + E + W₀C,
// each tensor read in the form its layer's choice (or, in training, the sampler) gives.

import NN
import Tensor

extension GLoRA {
    /// Draws every layer's forms in training (one generator for the whole supernet).
    final class Sampler {
        var rng: RNG
        let enabled: Bool
        init(seed: UInt64, enabled: Bool = true) { (rng, self.enabled) = (RNG(seed: seed), enabled) }
        /// Every support tensor's form for one forward pass: drawn uniformly, or the largest.
        func draw() -> [Int] { Hook.forms.map { enabled ? Int(rng.next() % UInt64($0.count)) : 0 } }
    }

    final class Hook: Module, MergeableLinearHook {
        enum Form { case lowRank, vector, scalar, none }
        /// The forms of A, B, C, D, E; index 0 is the largest (the choice before any search).
        static let forms: [[Form]] = [
            [.lowRank, .vector, .scalar, .none], [.lowRank, .vector, .scalar, .none], [.lowRank, .vector, .none],
            [.vector, .scalar, .none], [.vector, .scalar, .none],
        ]
        let ad: Tensor, au: Tensor, bd: Tensor, bu: Tensor  // (out, r), (r, in) each
        let cd: Tensor, cu: Tensor  // (in, r), (r, 1)
        let d: Tensor, e: Tensor  // (out)
        var choice = [Int](repeating: 0, count: 5)
        let sampler: Sampler

        init(inFeatures n: Int, outFeatures m: Int, rank r: Int, sampler: Sampler, rng: inout RNG) {
            func xavier(_ shape: [Int]) -> Tensor {
                let bound = (6 / Float(shape[0] + shape[1])).squareRoot()
                return .uniform(shape, -bound, bound, rng: &rng, requiresGrad: true)
            }
            (ad, au, bd, bu) = (
                .zeros([m, r], requiresGrad: true), xavier([r, n]), .zeros([m, r], requiresGrad: true), xavier([r, n])
            )
            (cd, cu) = (.zeros([n, r], requiresGrad: true), xavier([r, 1]))
            (d, e) = (.zeros([m], requiresGrad: true), .zeros([m], requiresGrad: true))
            self.sampler = sampler
        }

        /// A or B (or C) in form `f`: the product, the first column, the first entry, or nil.
        static func support(_ f: Form, _ down: Tensor, _ up: Tensor) -> Tensor? {
            switch f {
            case .lowRank: down.matmul(up)
            case .vector: down.slice(axis: 1, 0..<1)
            case .scalar: down.slice(axis: 0, 0..<1).slice(axis: 1, 0..<1)
            case .none: nil
            }
        }
        /// D or E in form `f`: the vector, its first entry, or nil.
        static func support(_ f: Form, _ v: Tensor) -> Tensor? {
            f == .vector ? v : f == .scalar ? v.slice(axis: 0, 0..<1) : nil
        }

        /// W₀ + W₀ ⊙ A + B and b₀ + b₀ ⊙ D + E + W₀C for the forms `c`.
        func combined(_ base: Linear, _ c: [Int]) -> (weight: Tensor, bias: Tensor) {
            let (w0, b0) = (base.weight, base.bias!)
            let f = zip(Self.forms, c).map { $0.0[$0.1] }
            var (w, b) = (w0, b0)
            if let a = Self.support(f[0], ad, au) { w = w + w0 * a }
            if let bm = Self.support(f[1], bd, bu) { w = w + bm }
            if let cm = Self.support(f[2], cd, cu) { b = b + w0.matmul(cm).reshaped([base.outFeatures]) }
            if let dv = Self.support(f[3], d) { b = b + b0 * dv }
            if let ev = Self.support(f[4], e) { b = b + ev }
            return (w, b)
        }

        /// The tensors the chosen forms read: both factors of a low-rank form, the slice otherwise.
        func chosenTensors() -> [(String, Tensor)] {
            let f = zip(Self.forms, choice).map { $0.0[$0.1] }
            var out: [(String, Tensor)] = []
            for (k, (name, down, up)) in [("a", ad, au), ("b", bd, bu), ("c", cd, cu)].enumerated() {
                if f[k] == .lowRank {
                    out += [("\(name)_down", down), ("\(name)_up", up)]
                } else if let s = Self.support(f[k], down, up) {
                    out.append((name, s))
                }
            }
            for (k, (name, v)) in [("d", d), ("e", e)].enumerated() {
                if let s = Self.support(f[k + 3], v) { out.append((name, s)) }
            }
            return out
        }

        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            let (w, b) = combined(base, isTraining ? sampler.draw() : choice)
            return x.linear(weight: w, bias: b)
        }
        func mergedWeight(_ base: Linear) -> Tensor { combined(base, choice).weight }
        func mergedBias(_ base: Linear) -> Tensor? { combined(base, choice).bias }
    }
}
