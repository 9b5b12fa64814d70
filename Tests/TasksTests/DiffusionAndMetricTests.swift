// DDPM's closed-form q(x_t | x_0) against the iterated chain, and the Fréchet distance on Gaussians
// with known answers.

import Foundation
import Tasks
import Tensor
import Testing
import TestSupport

@Suite struct DDPMTests {
    @Test func scheduleIsLinearAndAlphaBarIsTheProduct() {
        let d = DDPM(steps: 5, betaStart: 0.1, betaEnd: 0.5)
        #expect(d.betas.enumerated().allSatisfy { Swift.abs($0.element - (0.1 + 0.1 * Double($0.offset))) < 1e-12 })
        #expect(Swift.abs(d.alphaBars[4] - 0.9 * 0.8 * 0.7 * 0.6 * 0.5) < 1e-12)
    }

    /// The iterated chain x_t = √(1−β_t) x_{t−1} + √β_t ε has mean √ᾱ_t x_0 and variance 1 − ᾱ_t,
    /// exactly (by induction on the moments) and empirically (Monte Carlo on 20,000 chains).
    @Test func closedFormMatchesTheIteratedProcess() {
        let d = DDPM(steps: 50)
        var (mean, variance) = (1.0, 0.0)  // x_0 = 1
        for t in 0..<d.steps {
            mean *= (1 - d.betas[t]).squareRoot()
            variance = (1 - d.betas[t]) * variance + d.betas[t]
            #expect(Swift.abs(mean - d.alphaBars[t].squareRoot()) < 1e-12)
            #expect(Swift.abs(variance - (1 - d.alphaBars[t])) < 1e-12)
        }
        var rng = RNG(seed: 3)
        let n = 20_000
        var x = Tensor.ones([n, 1])
        for t in 0..<d.steps { x = d.forwardStep(x, noise: .randn([n, 1], rng: &rng), step: t) }
        let closed = d.noisy(
            Tensor.ones([n, 1]), noise: .randn([n, 1], rng: &rng), steps: [Int](repeating: d.steps - 1, count: n))
        for sample in [x, closed] {
            let m = sample.values.reduce(0.0) { $0 + Double($1) } / Double(n)
            let v = sample.values.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(n - 1)
            #expect(Swift.abs(m - d.alphaBars[d.steps - 1].squareRoot()) < 0.02)
            #expect(Swift.abs(v - (1 - d.alphaBars[d.steps - 1])) < 0.02)
        }
    }

    @Test func samplingWithTheTrueNoiseOfAPointMassRecoversIt() {
        // For data that is always x_0 = c, the exact ε-prediction is (x_t − √ᾱ_t c)/√(1 − ᾱ_t);
        // ancestral sampling with it must land on c.
        let d = DDPM(steps: 100)
        let c: Float = 0.5
        var rng = RNG(seed: 4)
        let out = d.sample(count: 64, pixels: 4, rng: &rng) { x, t in
            let a = Float(d.alphaBars[t[0]].squareRoot()), s = Float((1 - d.alphaBars[t[0]]).squareRoot())
            return (x - c * a) / s
        }
        #expect(out.values.allSatisfy { Swift.abs($0 - c) < 0.05 }, "\(out.values.prefix(4))")
    }
}

@Suite struct FrechetTests {
    @Test func knownAnswers() {
        // Identical Gaussians: 0.
        let cov: [Double] = [2, 0.5, 0.5, 1]
        #expect(Swift.abs(Frechet.distance(mean1: [1, 2], cov1: cov, mean2: [1, 2], cov2: cov)) < 1e-9)
        // Diagonal covariances: ‖Δμ‖² + Σ (σ₁ − σ₂)².
        let dd = Frechet.distance(mean1: [0, 0], cov1: [1, 0, 0, 4], mean2: [3, 4], cov2: [4, 0, 0, 9])
        #expect(Swift.abs(dd - (25 + 1 + 1)) < 1e-9)
        // A rotation applied to both leaves the distance unchanged.
        let (c, s) = (cos(0.7), sin(0.7))
        func rotate(_ m: [Double]) -> [Double] {  // R m Rᵀ for 2x2
            let r = [c, -s, s, c]
            func mul(_ a: [Double], _ b: [Double]) -> [Double] {
                [
                    a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
                    a[2] * b[1] + a[3] * b[3],
                ]
            }
            return mul(mul(r, m), [c, s, -s, c])
        }
        let rotated = Frechet.distance(
            mean1: [0, 0], cov1: rotate([1, 0, 0, 4]), mean2: [3 * c - 4 * s, 3 * s + 4 * c],
            cov2: rotate([4, 0, 0, 9]))
        #expect(Swift.abs(rotated - 27) < 1e-9)
    }

    @Test func samplesApproachTheFormula() {
        var rng = RNG(seed: 5)
        let n = 20_000
        let a = (0..<(n * 2)).map { _ in rng.normal() }  // N(0, I)
        let b = (0..<n).flatMap { _ in [1 + 2 * rng.normal(), rng.normal()] }  // N((1, 0), diag(4, 1))
        #expect(Swift.abs(Frechet.distance(a, b, dim: 2) - 2) < 0.1)  // 1 + (2 − 1)² + 0
    }
}
