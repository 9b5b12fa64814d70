// Image ↔ patch tokens and the sinusoidal timestep embedding, shared by `vit` and `denoiser`.
// An 8x8 image (64 values, row-major) is cut into 2x2 patches: 16 tokens of 4 pixels each, patch
// (pr, pc) holding pixels (2pr + dr, 2pc + dc) in the order (dr, dc).

import Foundation
import Tensor

/// Images (B, S·S) → patch tokens (B, (S/P)², P²).
public func patchify(_ x: Tensor, side: Int, patch: Int) -> Tensor {
    let (b, g) = (x.shape[0], side / patch)
    return x.reshaped([b, g, patch, g, patch]).permuted([0, 1, 3, 2, 4]).reshaped([b, g * g, patch * patch])
}

/// Patch tokens (B, (S/P)², P²) → images (B, S·S); the inverse of `patchify`.
public func unpatchify(_ x: Tensor, side: Int, patch: Int) -> Tensor {
    let (b, g) = (x.shape[0], side / patch)
    return x.reshaped([b, g, g, patch, patch]).permuted([0, 1, 3, 2, 4]).reshaped([b, side * side])
}

/// Transformer sinusoidal embedding of integer timesteps: (B) → (B, D), first half sin, second cos,
/// frequencies 10000^(−i/(D/2)).
public func sinusoidalEmbedding(_ steps: [Int], dim: Int) -> Tensor {
    let half = dim / 2
    let out = Tensor.empty([steps.count, dim])
    for (row, t) in steps.enumerated() {
        for i in 0..<half {
            let angle = Double(t) * Foundation.pow(10_000, -Double(i) / Double(half))
            out.data[row * dim + i] = Float(Foundation.sin(angle))
            out.data[row * dim + half + i] = Float(Foundation.cos(angle))
        }
    }
    return out
}
