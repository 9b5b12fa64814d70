// A Linear plus a low-rank update, the mechanism of LoRA and its relatives:
//   y = x Wᵀ + b + s · (x Aᵀ) Bᵀ,   x (N, in), W (out, in), A (r, in), B (out, r).
// The update is accumulated onto the Linear's output by sgemm (beta = 1), so there is no second
// (N, out) tensor, no add pass, and no gradient copies for an add in backward. The slow reference is
// the composed form, `x.linear(...) + (x.matmul(A, transB) * s).matmul(B, transB)`, in the tests.
//
// Backward, with g = dy:  dXA = s · g B (N, r);  dB = s · gᵀ (x Aᵀ);  dA = dXAᵀ x;
//                         dX = g W + dXA A;      dW = gᵀ x;           db = Σ rows of g.

extension Tensor {
    public func linear(weight: Tensor, bias: Tensor?, lowRankA a: Tensor, b: Tensor, scale s: Float) -> Tensor {
        let x = self
        let (k, n, r) = (weight.shape[1], weight.shape[0], a.shape[0])
        guard x.shape.last == k, a.shape == [r, k], b.shape == [n, r], bias == nil || bias!.shape == [n] else {
            failShape(
                ShapeError(
                    op: "linear+lowRank", shapes: [x.shape, weight.shape, a.shape, b.shape],
                    reason: "needs x (…, in), W (out, in), A (r, in), B (out, r)"))
        }
        let m = x.count / Swift.max(k, 1)
        // The forward products run without recording; this op records one node for all of them.
        let (xa, y) = withoutGrad {
            (
                x.matmul(a, transB: true),  // (…, r), kept for dB
                bias.map { x.linear(weight: weight, bias: $0) } ?? x.matmul(weight, transB: true)
            )  // (…, out)
        }
        gemm(
            transA: false, transB: true, m: m, n: n, k: r, alpha: s, a: xa.data, lda: r, b: b.data, ldb: r,
            beta: 1, c: y.data, ldc: n)
        // Keep only what the wanted gradients read.
        let wantLowRankPath = x.requiresGrad || a.requiresGrad
        let keepX = weight.requiresGrad || a.requiresGrad ? x.storage : nil
        let keepW = x.requiresGrad ? weight.storage : nil
        let keepA = x.requiresGrad ? a.storage : nil
        let keepB = wantLowRankPath ? b.storage : nil
        let keepXA = b.requiresGrad ? xa.storage : nil
        return y.recorded(from: [x, weight, bias ?? Tensor.zeros([0]), a, b]) { g, slots in
            let dxa = wantLowRankPath ? Tensor.empty([m, r]) : nil
            if let dxa, let keepB {
                gemm(
                    transA: false, transB: false, m: m, n: r, k: n, alpha: s, a: g.data, lda: n, b: keepB.pointer,
                    ldb: r,
                    beta: 0, c: dxa.data, ldc: r)
            }
            slots[0]?.add { dx, acc in
                gemm(
                    transA: false, transB: false, m: m, n: k, k: n, a: g.data, lda: n, b: keepW!.pointer, ldb: k,
                    beta: acc ? 1 : 0, c: dx, ldc: k)
                gemm(
                    transA: false, transB: false, m: m, n: k, k: r, a: dxa!.data, lda: r, b: keepA!.pointer, ldb: k,
                    beta: 1, c: dx, ldc: k)
            }
            slots[1]?.add { dw, acc in
                gemm(
                    transA: true, transB: false, m: n, n: k, k: m, a: g.data, lda: n, b: keepX!.pointer, ldb: k,
                    beta: acc ? 1 : 0, c: dw, ldc: k)
            }
            slots[2]?.add { db, acc in reduceBroadcast(g.data, outShape: [m, n], into: db, shape: [n], accumulate: acc)
            }
            slots[3]?.add { da, acc in
                gemm(
                    transA: true, transB: false, m: r, n: k, k: m, a: dxa!.data, lda: r, b: keepX!.pointer, ldb: k,
                    beta: acc ? 1 : 0, c: da, ldc: k)
            }
            slots[4]?.add { db, acc in
                gemm(
                    transA: true, transB: false, m: n, n: r, k: m, alpha: s, a: g.data, lda: n, b: keepXA!.pointer,
                    ldb: r,
                    beta: acc ? 1 : 0, c: db, ldc: r)
            }
        }
    }
}
