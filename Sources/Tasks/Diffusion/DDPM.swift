// DDPM (Ho et al. 2020, arXiv 2006.11239) with a linear β schedule, on flat images in [−1, 1].
//   forward:  q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I)
//   closed form: q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I),  ᾱ_t = Π_{s≤t} (1 − β_s)
//   training: the denoiser predicts ε from x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε;  loss ‖ε − ε̂‖²
//   sampling: x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε̂) / √(1 − β_t) + σ_t z,  σ_t² = β_t  (t ≥ 1)
// Timesteps are 0-based here: t = 0…T−1, and x_{−1} denotes the clean image x_0 of the paper.

import Tensor

public struct DDPM: Sendable {
    public let betas: [Double]
    public let alphaBars: [Double]
    public var steps: Int { betas.count }

    /// Linear schedule from `betaStart` to `betaEnd` over `steps` steps.
    public init(steps: Int = 200, betaStart: Double = 1e-4, betaEnd: Double = 0.02) {
        precondition(steps >= 2, "DDPM: at least 2 steps")
        betas = (0..<steps).map { betaStart + (betaEnd - betaStart) * Double($0) / Double(steps - 1) }
        var product = 1.0
        alphaBars = betas.map {
            product *= 1 - $0; return product
        }
    }

    /// x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for each row; x0 and noise (B, P), steps (B).
    public func noisy(_ x0: Tensor, noise: Tensor, steps t: [Int]) -> Tensor {
        precondition(
            x0.shape == noise.shape && x0.shape[0] == t.count,
            "DDPM.noisy: shapes \(x0.shape), \(noise.shape), \(t.count) steps")
        let a = Tensor(t.map { Float(alphaBars[$0].squareRoot()) }, shape: [t.count, 1])
        let s = Tensor(t.map { Float((1 - alphaBars[$0]).squareRoot()) }, shape: [t.count, 1])
        return x0 * a + noise * s
    }

    /// One step of the forward chain, x_t from x_{t−1}: √(1 − β_t) x + √β_t ε.
    public func forwardStep(_ x: Tensor, noise: Tensor, step t: Int) -> Tensor {
        x * Float((1 - betas[t]).squareRoot()) + noise * Float(betas[t].squareRoot())
    }

    /// Ancestral sampling: starts from N(0, I) and applies `predictNoise(x_t, t)` T times.
    public func sample(count: Int, pixels: Int, rng: inout RNG, predictNoise: (Tensor, [Int]) -> Tensor) -> Tensor {
        var x = Tensor.randn([count, pixels], rng: &rng)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let eps = predictNoise(x, [Int](repeating: t, count: count))
            let coef = Float(betas[t] / (1 - alphaBars[t]).squareRoot())
            x = (x - eps * coef) * Float(1 / (1 - betas[t]).squareRoot())
            if t > 0 { x = x + Tensor.randn([count, pixels], rng: &rng) * Float(betas[t].squareRoot()) }
        }
        return x
    }
}
