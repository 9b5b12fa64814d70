// Multi-head scaled dot-product attention, fused. Queries (B, T, D); keys and values (B, S, D) with
// S ≥ T, whose first l = S − T positions are a prefix that every query sees. Head h of a (…, D)
// tensor is the column band h·Dh..<(h+1)·Dh, so each (batch, head) product is an sgemm on strided
// sub-matrices (leading dimension D): no split/merge permutes, and the scale, the causal mask and
// the softmax happen in one pass over the scores. `attentionReference` is the same computation op
// by op (split heads, bmm, mask, softmax, bmm, merge), kept for the tests.
//
//   P = softmax(scale · Q Kᵀ + mask)   (B, H, T, S), kept for backward
//   O = P V                             (B, T, D)
// Backward per (b, h):  dP = dO Vᵀ,  dS = P ⊙ (dP − rowsum(dP ⊙ P)),
//   dQ = scale · dS K,  dK = scale · dSᵀ Q,  dV = Pᵀ dO.

extension Tensor {
    /// Fused attention; `causal` lets query i see keys j ≤ l + i (all prefix keys, then itself and
    /// the past); `lengths[b]` (B entries, when given) hides batch entry b's keys from l + lengths[b]
    /// on (right padding), as a −∞ score would.
    public static func attention(
        q: Tensor, k: Tensor, v: Tensor, heads: Int, causal: Bool, lengths: [Int]? = nil
    ) -> Tensor {
        let (b, t, d) = (q.shape[0], q.shape[1], q.shape[2])
        let s = k.shape[1]
        guard q.rank == 3, k.shape == [b, s, d], v.shape == k.shape, s >= t, d % heads == 0,
            lengths.map({ $0.count == b && $0.allSatisfy { $0 >= 1 && $0 <= t } }) ?? true
        else {
            failShape(
                ShapeError(
                    op: "attention", shapes: [q.shape, k.shape, v.shape],
                    reason:
                        "needs q (B, T, D), k and v (B, S ≥ T, D), D divisible by \(heads) heads, B lengths in 1…T"))
        }
        let dh = d / heads, l = s - t, entries = b * heads
        /// How many keys query i of batch entry e sees (the rest of its row is 0 after softmax).
        func visible(_ e: Int, _ i: Int) -> Int {
            Swift.min(causal ? l + i + 1 : s, lengths.map { l + $0[e / heads] } ?? s)
        }
        let scale = 1 / Float(dh).squareRoot()
        let probs = Tensor.empty([b, heads, t, s])
        let out = Tensor.empty([b, t, d])
        let (pq, pk, pv, pp, po) = (q.sendable, k.sendable, v.sendable, probs.sendable, out.sendable)
        /// Offset of head h of batch entry e's first row in a (B, n, D) tensor.
        func band(_ e: Int, rows n: Int) -> Int { (e / heads) * n * d + (e % heads) * dh }
        GemmCounter.record(.init(transA: false, transB: true, m: t, n: s, k: dh), times: entries)
        GemmCounter.record(.init(transA: false, transB: false, m: t, n: dh, k: s), times: entries)
        parallelPieces(entries, pieces: 4 * Threads.count, workers: Threads.count) { r in
            for e in r {
                let p = pp.p + e * t * s
                gemmUncounted(
                    transA: false, transB: true, m: t, n: s, k: dh, alpha: scale, a: pq.p + band(e, rows: t), lda: d,
                    b: pk.p + band(e, rows: s), ldb: d, beta: 0, c: p, ldc: s, threads: 1)
                for i in 0..<t { softmaxRow(p + i * s, p + i * s, count: s, visible: visible(e, i)) }
                gemmUncounted(
                    transA: false, transB: false, m: t, n: dh, k: s, a: p, lda: s, b: pv.p + band(e, rows: s), ldb: d,
                    beta: 0, c: po.p + band(e, rows: t), ldc: d, threads: 1)
            }
        }
        let (keptQ, keptK, keptV, keptP) = (q.storage, k.storage, v.storage, probs.storage)
        let (qShape, kShape) = (q.shape, k.shape)
        return out.recorded(from: [q, k, v]) { g, slots in
            // dS is needed for dQ or dK; dQ, dK, dV only for the inputs that want them.
            let (wantQ, wantK, wantV) = (slots[0] != nil, slots[1] != nil, slots[2] != nil)
            let dq = Tensor.empty(wantQ ? qShape : [0]), dk = Tensor.empty(wantK ? kShape : [0])
            let dv = Tensor.empty(wantV ? kShape : [0])
            let chunks = Swift.min(Threads.count, entries)
            let scratch = Tensor.empty([wantQ || wantK ? chunks : 0, t * s])  // dP, then dS, for the entry in flight
            let (pg, pdq, pdk, pdv, ps) = (g.sendable, dq.sendable, dk.sendable, dv.sendable, scratch.sendable)
            let (sq, sk, sv, sp) = (
                SendablePointer(keptQ.pointer), SendablePointer(keptK.pointer),
                SendablePointer(keptV.pointer), SendablePointer(keptP.pointer)
            )
            if wantQ || wantK {
                GemmCounter.record(.init(transA: false, transB: true, m: t, n: s, k: dh), times: entries)
            }
            if wantQ { GemmCounter.record(.init(transA: false, transB: false, m: t, n: dh, k: s), times: entries) }
            let transposed = (wantK ? 1 : 0) + (wantV ? 1 : 0)
            GemmCounter.record(.init(transA: true, transB: false, m: s, n: dh, k: t), times: transposed * entries)
            parallelFor(chunks, chunks: chunks) { cs in
                for c in cs {
                    let ds = ps.p + c * t * s  // this chunk's scratch
                    for e in (entries * c / chunks)..<(entries * (c + 1) / chunks) {
                        let (p, go) = (sp.p + e * t * s, pg.p + band(e, rows: t))
                        if wantV {
                            gemmUncounted(
                                transA: true, transB: false, m: s, n: dh, k: t, a: p, lda: s, b: go, ldb: d,
                                beta: 0, c: pdv.p + band(e, rows: s), ldc: d, threads: 1)
                        }
                        guard wantQ || wantK else { continue }
                        gemmUncounted(
                            transA: false, transB: true, m: t, n: s, k: dh, a: go, lda: d, b: sv.p + band(e, rows: s),
                            ldb: d,
                            beta: 0, c: ds, ldc: s, threads: 1)
                        for i in 0..<t {  // dS = softmax backward of dP, in place
                            softmaxBackwardRow(ds + i * s, p + i * s, ds + i * s, s, accumulate: false)
                        }
                        if wantQ {
                            gemmUncounted(
                                transA: false, transB: false, m: t, n: dh, k: s, alpha: scale, a: ds, lda: s,
                                b: sk.p + band(e, rows: s), ldb: d, beta: 0, c: pdq.p + band(e, rows: t), ldc: d,
                                threads: 1)
                        }
                        if wantK {
                            gemmUncounted(
                                transA: true, transB: false, m: s, n: dh, k: t, alpha: scale, a: ds, lda: s,
                                b: sq.p + band(e, rows: t), ldb: d, beta: 0, c: pdk.p + band(e, rows: s), ldc: d,
                                threads: 1)
                        }
                    }
                }
            }
            if wantQ { slots[0]!.add(owning: dq) }
            if wantK { slots[1]!.add(owning: dk) }
            if wantV { slots[2]!.add(owning: dv) }
        }
    }

    /// The same attention op by op: the slow reference for tests.
    public static func attentionReference(
        q: Tensor, k: Tensor, v: Tensor, heads: Int, causal: Bool, lengths: [Int]? = nil
    ) -> Tensor {
        let (b, t, d) = (q.shape[0], q.shape[1], q.shape[2])
        let s = k.shape[1], dh = d / heads, l = s - t
        func split(_ y: Tensor, _ n: Int) -> Tensor { y.reshaped([b, n, heads, dh]).permuted([0, 2, 1, 3]) }
        var scores = split(q * (1 / Float(dh).squareRoot()), t).bmm(split(k, s), transB: true)  // (B, H, T, S)
        if causal || lengths != nil {
            let mask = Tensor.zeros([b, heads, t, s])  // 1 = hidden
            for e in 0..<(b * heads) {
                for i in 0..<t {
                    let seen = Swift.min(causal ? l + i + 1 : s, lengths.map { l + $0[e / heads] } ?? s)
                    for j in seen..<s { mask.data[(e * t + i) * s + j] = 1 }
                }
            }
            scores = scores.maskedFill(mask, value: -.infinity)
        }
        return scores.softmax().bmm(split(v, s)).permuted([0, 2, 1, 3]).reshaped([b, t, d])
    }

    /// The data pointer, for worker closures.
    var sendable: SendablePointer<Float> { SendablePointer(data) }
}
