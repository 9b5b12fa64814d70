// Block-diagonal orthogonal matrices by the Cayley transform, shared by OFT and BOFT:
// R = blockdiag(R₁…R_k), Rⱼ = (I + Qⱼ)(I − Qⱼ)⁻¹ with Qⱼ skew-symmetric, built from b(b−1)/2
// free entries per block. Q = 0 gives R = I. The Cayley transform of a skew matrix is orthogonal
// with determinant +1.

import NN
import Tensor

extension Tensor {
    /// The n×n identity.
    static func identity(_ n: Int) -> Tensor { Tensor((0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }, shape: [n, n]) }
}

public enum Orthogonal {
    /// Skew-symmetric blocks from their upper-triangle entries: θ (k, b(b−1)/2) → Q (k, b, b).
    public static func skewBlocks(_ theta: Tensor, block b: Int) -> Tensor {
        let k = theta.shape[0], p = b * (b - 1) / 2
        // E (p, b·b) scatters entry e to (i, j) with +1 and to (j, i) with −1; a constant, so Q = θE.
        var e = [Float](repeating: 0, count: p * b * b)
        var index = 0
        for i in 0..<b {
            for j in (i + 1)..<b {
                e[index * b * b + i * b + j] = 1
                e[index * b * b + j * b + i] = -1
                index += 1
            }
        }
        return theta.matmul(Tensor(e, shape: [p, b * b])).reshaped([k, b, b])
    }

    /// Rⱼ = (I + Qⱼ)(I − Qⱼ)⁻¹ for each block: (k, b, b).
    public static func cayley(_ q: Tensor) -> Tensor {
        let b = q.shape[2]
        let identity = Tensor.identity(b).reshaped([1, b, b])
        return (q + identity).bmm((identity - q).inverse())
    }

    /// W·blockdiag(R): W (out, in), R (k, b, b) with k·b = in → (out, in); W[:, jb…] · Rⱼ.
    public static func rotateInputs(_ w: Tensor, _ r: Tensor) -> Tensor {
        let (out, k, b) = (w.shape[0], r.shape[0], r.shape[1])
        return w.reshaped([out, k, b]).permuted([1, 0, 2]).bmm(r).permuted([1, 0, 2]).reshaped([out, k * b])
    }
}
