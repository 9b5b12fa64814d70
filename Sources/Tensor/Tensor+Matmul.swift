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

    /// Runs `body(i, threads)` for every batch entry: entries in parallel (each sgemm on one
    /// thread) when there are several, or one product split across all threads. `shape` is the
    /// product each entry computes, counted here on the calling thread.
    func forEachEntry(_ shape: GemmCounter.Shape, _ body: (_ i: Int, _ threads: Int) -> Void) {
        GemmCounter.record(shape, times: batch)
        if batch == 1 { body(0, Threads.count); return }
        parallelFor(batch, chunks: Swift.min(Threads.count, batch)) { r in for i in r { body(i, 1) } }
    }

    func forward(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        let (a, b, c) = (
            SendablePointer(UnsafeMutablePointer(mutating: a)), SendablePointer(UnsafeMutablePointer(mutating: b)),
            SendablePointer(c)
        )
        forEachEntry(.init(transA: transA, transB: transB, m: m, n: n, k: k)) { i, t in
            gemmUncounted(
                transA: transA, transB: transB, m: m, n: n, k: k, a: a.p + i * sizeA, lda: lda,
                b: b.p + i * sizeB, ldb: ldb, beta: 0, c: c.p + i * sizeC, ldc: n, threads: t)
        }
    }

    func gradA(
        _ b: UnsafePointer<Float>, _ g: UnsafePointer<Float>, into da: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        let beta: Float = accumulate ? 1 : 0
        let (b, g, da) = (
            SendablePointer(UnsafeMutablePointer(mutating: b)), SendablePointer(UnsafeMutablePointer(mutating: g)),
            SendablePointer(da)
        )
        let shape: GemmCounter.Shape =
            transA
            ? .init(transA: transB, transB: true, m: k, n: m, k: n)
            : .init(transA: false, transB: !transB, m: m, n: k, k: n)
        forEachEntry(shape) { i, t in
            let (bi, gi, di) = (b.p + i * sizeB, g.p + i * sizeC, da.p + i * sizeA)
            if transA {
                gemmUncounted(
                    transA: transB, transB: true, m: k, n: m, k: n, a: bi, lda: ldb, b: gi, ldb: n,
                    beta: beta, c: di, ldc: m, threads: t)
            } else {
                gemmUncounted(
                    transA: false, transB: !transB, m: m, n: k, k: n, a: gi, lda: n, b: bi, ldb: ldb,
                    beta: beta, c: di, ldc: k, threads: t)
            }
        }
    }

    func gradB(
        _ a: UnsafePointer<Float>, _ g: UnsafePointer<Float>, into db: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        let beta: Float = accumulate ? 1 : 0
        let (a, g, db) = (
            SendablePointer(UnsafeMutablePointer(mutating: a)), SendablePointer(UnsafeMutablePointer(mutating: g)),
            SendablePointer(db)
        )
        let shape: GemmCounter.Shape =
            transB
            ? .init(transA: true, transB: transA, m: n, n: k, k: m)
            : .init(transA: !transA, transB: false, m: k, n: n, k: m)
        forEachEntry(shape) { i, t in
            let (ai, gi, di) = (a.p + i * sizeA, g.p + i * sizeC, db.p + i * sizeB)
            if transB {
                gemmUncounted(
                    transA: true, transB: transA, m: n, n: k, k: m, a: gi, lda: n, b: ai, ldb: lda,
                    beta: beta, c: di, ldc: k, threads: t)
            } else {
                gemmUncounted(
                    transA: !transA, transB: false, m: k, n: n, k: m, a: ai, lda: lda, b: gi, ldb: n,
                    beta: beta, c: di, ldc: n, threads: t)
            }
        }
    }

    func run(_ a: Tensor, _ b: Tensor, outShape: [Int]) -> Tensor {
        let out = Tensor.empty(outShape)
        forward(a.data, b.data, out.data)
        // dA reads B and dB reads A: keep each only if the other side wants a gradient.
        let keepA = b.requiresGrad ? a.storage : nil, keepB = a.requiresGrad ? b.storage : nil
        return out.recorded(from: [a, b]) { g, slots in
            if let da = slots[0], let keepB {
                da.add { p, acc in gradA(keepB.pointer, g.data, into: p, accumulate: acc) }
            }
            if let db = slots[1], let keepA {
                db.add { p, acc in gradB(keepA.pointer, g.data, into: p, accumulate: acc) }
            }
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
        let p = Product(
            transA: transA, transB: transB, m: a.count / max(k, 1), n: outShape.last!,
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

extension Tensor {
    /// A fused Linear layer: self (…, in) · weightᵀ (out, in) + bias (out) → (…, out). The bias is
    /// written into the output first and sgemm accumulates onto it (beta = 1), so there is no
    /// separate broadcast pass; backward sums the gradient's rows for dBias.
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        guard let bias else { return matmul(weight, transB: true) }
        let x = self
        let outShape = checked { () throws(ShapeError) in
            try Shapes.matmul(x.shape, weight.shape, transA: false, transB: true)
        }
        let (k, n) = (weight.shape[1], weight.shape[0])
        guard bias.shape == [n] else {
            failShape(ShapeError(op: "linear", shapes: [weight.shape, bias.shape], reason: "bias must be (\(n))"))
        }
        let m = x.count / Swift.max(k, 1)
        let out = Tensor.empty(outShape)
        for i in 0..<m { (out.data + i * n).update(from: bias.data, count: n) }
        gemm(
            transA: false, transB: true, m: m, n: n, k: k, a: x.data, lda: k, b: weight.data, ldb: k,
            beta: 1, c: out.data, ldc: n)
        let p = Product(transA: false, transB: true, m: m, n: n, k: k, batch: 1)
        let keepX = weight.requiresGrad ? x.storage : nil, keepW = x.requiresGrad ? weight.storage : nil
        return out.recorded(from: [x, weight, bias]) { g, slots in
            if let dx = slots[0], let keepW {
                dx.add { p0, acc in p.gradA(keepW.pointer, g.data, into: p0, accumulate: acc) }
            }
            if let dw = slots[1], let keepX {
                dw.add { p0, acc in p.gradB(keepX.pointer, g.data, into: p0, accumulate: acc) }
            }
            slots[2]?.add { db, acc in
                reduceBroadcast(g.data, outShape: [m, n], into: db, shape: [n], accumulate: acc)
            }
        }
    }
}
