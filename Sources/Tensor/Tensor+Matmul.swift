// Matrix products through sgemm: transposes are BLAS flags, never copies. Backward computes dA and
// dB only for inputs that require a gradient, so a frozen weight costs no dW matmul; that skip is
// where parameter-efficient methods save their compute.
//
// For C = op(A)·op(B):  d op(A) = dC·op(B)ᵀ  and  d op(B) = op(A)ᵀ·dC, then un-transpose:
//   dA = dC·op(B)ᵀ (M, K)  or, when A is stored transposed,  dA = op(B)·dCᵀ (K, M)
//   dB = op(A)ᵀ·dC (K, N)  or, when B is stored transposed,  dB = dCᵀ·op(A) (N, K)

/// The geometry of `batch` independent products op(A) (M, K) · op(B) (K, N).
private struct Product {
    let transA: Bool, transB: Bool
    let m: Int, n: Int, k: Int, batch: Int
    var lda: Int { transA ? m : k }
    var ldb: Int { transB ? k : n }
    var sizeA: Int { m * k }
    var sizeB: Int { k * n }
    var sizeC: Int { m * n }

    func forward(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        for i in 0..<batch {
            gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a + i * sizeA, lda: lda,
                 b: b + i * sizeB, ldb: ldb, beta: 0, c: c + i * sizeC, ldc: n)
        }
    }

    func gradA(_ b: UnsafePointer<Float>, _ g: UnsafePointer<Float>, into da: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let beta: Float = accumulate ? 1 : 0
        for i in 0..<batch {
            let (bi, gi, di) = (b + i * sizeB, g + i * sizeC, da + i * sizeA)
            if transA {
                gemm(transA: transB, transB: true, m: k, n: m, k: n, a: bi, lda: ldb, b: gi, ldb: n,
                     beta: beta, c: di, ldc: m)
            } else {
                gemm(transA: false, transB: !transB, m: m, n: k, k: n, a: gi, lda: n, b: bi, ldb: ldb,
                     beta: beta, c: di, ldc: k)
            }
        }
    }

    func gradB(_ a: UnsafePointer<Float>, _ g: UnsafePointer<Float>, into db: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let beta: Float = accumulate ? 1 : 0
        for i in 0..<batch {
            let (ai, gi, di) = (a + i * sizeA, g + i * sizeC, db + i * sizeB)
            if transB {
                gemm(transA: true, transB: transA, m: n, n: k, k: m, a: gi, lda: n, b: ai, ldb: lda,
                     beta: beta, c: di, ldc: k)
            } else {
                gemm(transA: !transA, transB: false, m: k, n: n, k: m, a: ai, lda: lda, b: gi, ldb: n,
                     beta: beta, c: di, ldc: n)
            }
        }
    }

    func run(_ a: Tensor, _ b: Tensor, outShape: [Int]) -> Tensor {
        let out = Tensor.empty(outShape)
        forward(a.data, b.data, out.data)
        return out.recorded(from: [a, b]) { g in
            a.addGrad { da, acc in gradA(b.data, g.data, into: da, accumulate: acc) }
            b.addGrad { db, acc in gradB(a.data, g.data, into: db, accumulate: acc) }
        }
    }
}

extension Tensor {
    /// op(self) (…, M, K) · op(b) (K, N) → (…, M, N). Leading dimensions of `self` are flattened
    /// into M, so `x.matmul(w, transB: true)` is a Linear layer on any (…, in) input.
    public func matmul(_ b: Tensor, transA: Bool = false, transB: Bool = false) -> Tensor {
        let a = self
        let outShape = checked { () throws(ShapeError) in
            try Shapes.matmul(a.shape, b.shape, transA: transA, transB: transB)
        }
        let k = transA ? a.shape[0] : a.shape[a.rank - 1]
        let p = Product(transA: transA, transB: transB, m: a.count / max(k, 1), n: outShape.last!,
                        k: k, batch: 1)
        return p.run(a, b, outShape: outShape)
    }

    /// Batched op(self) (G…, M, K) · op(b) (G…, K, N) → (G…, M, N), one sgemm per batch entry.
    public func bmm(_ b: Tensor, transA: Bool = false, transB: Bool = false) -> Tensor {
        let a = self
        let outShape = checked { () throws(ShapeError) in
            try Shapes.bmm(a.shape, b.shape, transA: transA, transB: transB)
        }
        let r = a.rank
        let (m, n) = (outShape[r - 2], outShape[r - 1])
        let k = transA ? a.shape[r - 2] : a.shape[r - 1]
        let p = Product(transA: transA, transB: transB, m: m, n: n, k: k, batch: a.count / max(m * k, 1))
        return p.run(a, b, outShape: outShape)
    }
}
