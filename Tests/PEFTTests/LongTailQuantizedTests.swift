// Behaviours particular to the long tail's quantized methods (the contract tests cover the rest).

import Foundation
import Models
import NN
@testable import PEFT
import Tensor
import TestSupport
import Testing

@Suite struct LongTailQuantizedTests {
    /// Uniform quantization: codes in 0…2^k−1, error at most half a step, 4-bit codes two per byte.
    @Test func uniformQuantizationRoundTrips() {
        var rng = RNG(seed: 1)
        let w = (0..<(6 * 32)).map { _ in Float.random(in: -1...1, using: &rng) }
        let q = UniformQuantized(w, rows: 6, cols: 32, group: 8, bits: 4)
        let back = q.dequantize().values
        for e in w.indices {
            #expect((0...15).contains(q.code(e)))
            #expect(Swift.abs(back[e] - w[e]) <= q.scale[(e / 32) * 4 + (e % 32) / 8] / 2 + 1e-6)
        }
        #expect(q.bytes == 6 * 32 / 2 + 2 * 4 * 6 * 4)
    }

    /// PEQA: only the row scales train, and the codes under them never change.
    @Test func peqaTrainsOnlyTheRowScales() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("peqa")
        try method.apply(to: model, seed: 0)
        let trainable = model.trainableParameters().filter { !$0.name.hasPrefix("head.") }
        #expect(trainable.allSatisfy { $0.name.hasSuffix("hook.scale") && $0.tensor.rank == 1 })
        let hook = try #require(model.targetLinears(["up"])[0].linear.hook as? PEQA.Hook)
        let codes = (0..<(256 * 64)).map(hook._weight.code)
        train(model, method)
        #expect((0..<(256 * 64)).map(hook._weight.code) == codes)
        #expect(hook.scale.values != hook._weight.scale)
    }

    /// LoftQ's start, deq(Q_T) + s·BA, is nearer W₀ than QLoRA's deq(NF4(W₀)), for every target.
    @Test func loftqStartsNearerThePretrainedWeightsThanQLoRA() throws {
        let model = Tiny.model(.vit, seed: 0)
        let originals = model.targetLinears(Targets.linears).map { $0.linear.weight.values }
        try makeMethod("loftq", options: ["iters": "2"]).apply(to: model, seed: 0)
        for (w0, (_, linear)) in zip(originals, model.targetLinears(Targets.linears)) {
            let hook = try #require(linear.hook as? QLoRA.Hook)
            let start = withoutGrad { hook.mergedWeight(linear) }.values
            let qlora = NFTensor(w0, shape: [linear.outFeatures, linear.inFeatures]).dequantize().values
            func error(_ w: [Float]) -> Float { zip(w, w0).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            #expect(error(start) < 0.9 * error(qlora), "\(error(start)) vs \(error(qlora))")
        }
    }

    /// QA-LoRA's merged weights are the same 4-bit codes with moved zero points.
    @Test func qaloraMergesIntoTheZeroPoints() throws {
        let model = Tiny.model(.vit, seed: 0)
        let method = try makeMethod("qa-lora")
        try method.apply(to: model, seed: 0)
        let q = model.targetLinears(["q"])[0].linear
        let hook = try #require(q.hook as? QALoRA.Hook)
        train(model, method)
        let weight = hook._weight, zeros = hook.mergedZeros()
        #expect(zeros != weight.zero)
        try method.merge(model)
        let merged = q.weight.values
        for e in 0..<(64 * 64) {
            let g = (e / 64) * 4 + (e % 64) / 16
            #expect(Swift.abs(merged[e] / weight.scale[g] + zeros[g] - Float(weight.code(e))) < 1e-3)
        }
    }
}

extension LongTailQuantizedTests {
    /// The truncated SVD finds the full SVD's top r singular values (a decaying spectrum: within
    /// 1e-6) and, on noise (the quantization error's flat spectrum), a rank-r approximation within
    /// 2% of the optimal Frobenius error.
    @Test func truncatedSVDMatchesTheFullOneOnTopRanks() {
        var rng = RNG(seed: 3)
        let (m, n, r) = (48, 96, 6)
        let noise = (0..<(m * n)).map { _ in Double(Float.random(in: -1...1, using: &rng)) }
        var decaying = [Double](repeating: 0, count: m * n)
        let full = SVD(noise, rows: m, cols: n)
        for j in 0..<full.k {  // the same singular vectors with σ_j = 2^−j
            for i in 0..<m {
                for c in 0..<n {
                    decaying[i * n + c] += pow(2, -Double(j)) * full.u[i * full.k + j] * full.v[c * full.k + j]
                }
            }
        }
        let top = TruncatedSVD.top(decaying, rows: m, cols: n, rank: r)
        for j in 0..<r { #expect(Swift.abs(top.sigma[j] - pow(2, -Double(j))) < 1e-6) }
        func error(_ t: (u: [Double], sigma: [Double], v: [Double])) -> Double {
            var e = 0.0
            for i in 0..<m {
                for c in 0..<n {
                    let x = (0..<r).reduce(0.0) { $0 + t.u[i * r + $1] * t.sigma[$1] * t.v[c * r + $1] }
                    e += (noise[i * n + c] - x) * (noise[i * n + c] - x)
                }
            }
            return e
        }
        let optimal = full.sigma.dropFirst(r).reduce(0) { $0 + $1 * $1 }
        #expect(error(TruncatedSVD.top(noise, rows: m, cols: n, rank: r)) < 1.02 * optimal)
    }

    /// BitDelta: at the end of phase 1 each target's Δ becomes α·sign(Δ) with α = mean|Δ| (the
    /// least-squares scale: α ± 1% fits worse); after phase 2 the decoded Δ still takes only ±α
    /// per matrix, and the stored signs are one bit per weight.
    @Test func bitdeltaBinarizesTheFineTunedDelta() throws {
        let model = Tiny.model(.vit, seed: 0)
        let sites = model.targetLinears(Targets.linears)
        let w0 = sites.map { $0.linear.weight.values }
        let method = try makeMethod("bitdelta")
        try method.apply(to: model, seed: 0)
        let opt = AdamW([ParameterGroup(model.trainableParameters().map(\.tensor))])
        for step in 0..<4 {
            Tiny.loss(model, seed: UInt64(step)).backward()
            opt.step(lr: 1e-2)
            let fineTuned = sites.map { site in
                withoutGrad { (site.linear.hook as! BitDelta.Hook).mergedWeight(site.linear) }.values
            }
            method.afterStep(step, total: 4)
            opt.restart(method.restartedTensors(after: step, total: 4))
            guard step == 1 else { continue }
            for (j, (_, linear)) in sites.enumerated() {
                let delta = zip(fineTuned[j], w0[j]).map { $0 - $1 }
                let alpha: Float = delta.reduce(0) { $0 + Swift.abs($1) } / Float(delta.count)
                let now = withoutGrad { (linear.hook as! BitDelta.Hook).mergedWeight(linear) }.values
                let expected: [Float] = zip(w0[j], delta).map { $0 + ($1 >= 0 ? alpha : -alpha) }
                #expect(zip(now, expected).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
                func misfit(_ a: Float) -> Float {
                    delta.reduce(Float(0)) { sum, v in
                        let e = v - (v >= 0 ? a : -a)
                        return sum + e * e
                    }
                }
                #expect(misfit(alpha) < misfit(alpha * 1.01) && misfit(alpha) < misfit(alpha * 0.99))
            }
        }
        let stored = try #require(method.storedTensors(model))
        for (j, (name, linear)) in sites.enumerated() {
            let hook = linear.hook as! BitDelta.Hook
            let alpha: Float = hook.alpha.values[0]
            let decoded = withoutGrad { hook.mergedWeight(linear) }.values
            #expect(zip(decoded, w0[j]).allSatisfy { Swift.abs(Swift.abs($0 - $1) - Swift.abs(alpha)) < 1e-5 })
            let words = try #require(stored["\(name).sign_bits"]).values.map(\.bitPattern)
            #expect(words.count == (linear.weight.count + 31) / 32)
            let unpacked = (0..<linear.weight.count).map { words[$0 / 32] >> UInt32($0 % 32) & 1 == 1 }
            #expect(unpacked == hook.sign.values.map { $0 > 0 })
        }
        try method.merge(model)
        #expect(zip(sites.map { $0.linear.weight.values }, w0).allSatisfy { $0 != $1 })
    }

    /// NF-k: the construction gives the NF4 table at k = 4; at every k and block size each
    /// code-book value times its block's maximum comes back exactly (without double
    /// quantization), with it within the maxima's 8-bit step, and the storage is about
    /// k + 0.127 bits per weight.
    @Test func normalFloatAtEveryWidth() {
        #expect(zip(NFTensor.normalQuantiles(bits: 4), NFTensor.nf4).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        for k in [2, 3, 4, 8] {
            let c = NFTensor.codebook(bits: k)
            #expect(c.count == 1 << k && c.first == -1 && c.last == 1 && c.contains(0) && c == c.sorted())
            for block in [16, 32, 64] {
                let n = 256 * 64 * 2
                func maximum(_ e: Int) -> Float { 1 + Float((e / block) % 7) * 0.25 }  // every block holds ±its maximum
                let values = (0..<n).map { e in maximum(e) * (e % block == 0 ? -1 : c[(e * 7 + e / block) % c.count]) }
                let plain = NFTensor(values, shape: [n], bits: k, block: block, doubleQuant: false).dequantize().values
                #expect(plain == values, "k = \(k), block \(block)")
                let q = NFTensor(values, shape: [n], bits: k, block: block)
                let step: Float = 1.5 / 2 / 127  // the maxima span 1…2.5 around their mean: half a code
                #expect(zip(q.dequantize().values, values).allSatisfy { Swift.abs($0 - $1) <= step + 1e-6 })
                let bits = Double(q.bytes * 8) / Double(n),
                    expected = Double(k) + 8 / Double(block) + 32 / Double(256 * block)
                #expect(Swift.abs(bits - expected) < 0.01, "k = \(k), block \(block): \(bits) bits")
            }
        }
    }

    /// LQ-LoRA's program: the dynamic programme finds the brute-force optimum, and says so when
    /// nothing fits.
    @Test func lqloraKnapsackIsTheBruteForceOptimum() {
        var rng = RNG(seed: 4)
        for _ in 0..<20 {
            let (items, options) = (4, 3)
            let errors = (0..<items).map { _ in (0..<options).map { _ in Double(rng.next() % 1000) } }
            let costs = (0..<items).map { _ in (0..<options).map { _ in Int(1 + rng.next() % 50) } }
            let capacity = Int(40 + rng.next() % 100)
            var bestError = Double.infinity
            for code in 0..<81 {  // 3⁴ choices
                let pick = (0..<items).map { code / [1, 3, 9, 27][$0] % 3 }
                guard (0..<items).reduce(0, { $0 + costs[$1][pick[$1]] }) <= capacity else { continue }
                bestError = Swift.min(bestError, (0..<items).reduce(0) { $0 + errors[$1][pick[$1]] })
            }
            let choice = LQLoRA.knapsack(errors: errors, costs: costs, capacity: capacity)
            if bestError.isInfinite {
                #expect(choice == nil)
            } else {
                let c = try! #require(choice)
                #expect((0..<items).reduce(0) { $0 + errors[$1][c[$1]] } == bestError)
                #expect((0..<items).reduce(0) { $0 + costs[$1][c[$1]] } <= capacity)
            }
        }
    }

    /// LQ-LoRA within its budget: a tight budget takes 2-bit codes everywhere, a loose one 8-bit;
    /// at the default budget (what QLoRA's NF4 in blocks of 64 holds) the chosen fit is no worse
    /// than QLoRA's configuration under the same decomposition, and holds no more bits.
    @Test func lqloraSpendsItsBitBudget() throws {
        func applied(_ options: [String: String]) throws -> (bits: [Int], method: LQLoRA) {
            let model = Tiny.model(.vit, seed: 0)
            let method = try #require(try makeMethod("lq-lora", options: options) as? LQLoRA)
            try method.apply(to: model, seed: 0)
            let hooks = model.targetLinears(Targets.linears).map { $0.linear.hook as! QLoRA.Hook }
            return (hooks.map(\._weight.bits), method)
        }
        #expect(try applied(["budget": "2.2"]).bits.allSatisfy { $0 == 2 })
        #expect(try applied(["budget": "8.2"]).bits.allSatisfy { $0 == 8 })
        #expect(throws: MethodError.self) { try makeMethod("lq-lora", options: ["budget": "1"]) }
        let (_, method) = try applied([:])
        let model = Tiny.model(.vit, seed: 0)
        let sites = model.targetLinears(Targets.linears).map(\.linear)
        let qloraBits = Double(
            sites.reduce(0) { $0 + NFTensor($1.weight.values, shape: [$1.outFeatures, $1.inFeatures]).bytes * 8 })
        let weights = Double(sites.reduce(0) { $0 + $1.weight.count })
        #expect(
            method.chosenBits <= qloraBits / weights * (1 + 6.0 / 65536),
            "\(method.chosenBits) vs \(qloraBits / weights)")
        #expect(method.errorVersusQLoRA <= 1 && method.errorVersusQLoRA > 0, "\(method.errorVersusQLoRA)")
    }
}
