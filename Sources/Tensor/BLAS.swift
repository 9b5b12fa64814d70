// General matrix multiply, C = alpha·op(A)·op(B) + beta·C, row-major, transposes by flags.
// `gemm` is the fast path (OpenBLAS cblas_sgemm, split across our threads); `gemmReference` is the
// slow, obviously correct triple loop that tests hold it to. Both take the same arguments.

import CBLAS
import Synchronization

/// Counts the floating-point work of matrix products (2·M·N·K each) and remembers the largest, so
/// a benchmark can report achieved GFLOP/s and time sgemm alone on that shape. Counts go to the
/// enclosing `measure` scope of the calling task only, so concurrent work (parallel tests, say)
/// never mixes into a measurement. Products are counted on the calling thread, before any split.
public enum GemmCounter {
    public struct Shape: Sendable, Equatable, CustomStringConvertible {
        public let transA: Bool, transB: Bool, m: Int, n: Int, k: Int
        public var flops: Int { 2 * m * n * k }
        public var description: String { "\(m)x\(n)x\(k)\(transA ? " Aᵀ" : "")\(transB ? " Bᵀ" : "")" }
    }

    /// What one `measure` scope saw.
    final class Tally: Sendable {
        let flops = Atomic<Int>(0)
        let largest = Mutex<Shape?>(nil)
    }
    @TaskLocal static var scoped: Tally?

    /// Runs `body` and returns the matmul FLOPs its products performed and the largest product.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, flops: Int, largest: Shape?) {
        let tally = Tally()
        let r = try $scoped.withValue(tally) { try body() }
        return (r, tally.flops.load(ordering: .relaxed), tally.largest.withLock { $0 })
    }

    /// Counts `times` products of shape `s` in the current scope, if any.
    static func record(_ s: Shape, times: Int = 1) {
        guard let tally = scoped else { return }
        tally.flops.add(s.flops * times, ordering: .relaxed)
        tally.largest.withLock { if $0 == nil || s.flops > $0!.flops { $0 = s } }
    }
}

/// OpenBLAS must never start its own thread pool (see Parallel.swift); done once, before any call.
private let blasSingleThreaded: Void = openblas_set_num_threads(1)

/// C (M, N) = alpha · op(A) (M, K) · op(B) (K, N) + beta · C through OpenBLAS. A product large
/// enough to share is split into bands of C (rows when M ≥ N, else columns), each a
/// single-threaded sgemm, which `threads` workers take in turn; a weight gradient is split along
/// K instead (`gemmSplitK`).
public func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = Threads.count
) {
    guard m > 0, n > 0 else { return }
    GemmCounter.record(.init(transA: transA, transB: transB, m: m, n: n, k: k))
    gemmUncounted(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc, threads: threads)
}

/// `gemm` without counting, for callers that count their products themselves.
func gemmUncounted(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
) {
    guard m > 0, n > 0 else { return }
    let bands = min(threads, 2 * m * n * k / 4_000_000 + 1, max(m, n))
    if bands <= 1 {
        sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        return
    }
    if transA && !transB && k >= 4 * max(m, n) {
        gemmSplitK(
            m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, parts: bands)
        return
    }
    let (ap, bp, cp) = (
        SendablePointer(UnsafeMutablePointer(mutating: a)), SendablePointer(UnsafeMutablePointer(mutating: b)),
        SendablePointer(c)
    )
    // Four pieces per worker, of at least 64 rows (or columns): each repacks the shared operand,
    // a small cost against a stalled worker holding up half of the product.
    let pieces = max(bands, min(4 * bands, max(m, n) / 64))
    if m >= n {  // rows i of C come from rows i of op(A)
        parallelPieces(m, pieces: pieces, workers: bands) { r in
            let ai = transA ? ap.p + r.lowerBound : ap.p + r.lowerBound * lda
            sgemm(transA, transB, r.count, n, k, alpha, ai, lda, bp.p, ldb, beta, cp.p + r.lowerBound * ldc, ldc)
        }
    } else {  // columns j of C come from columns j of op(B)
        parallelPieces(n, pieces: pieces, workers: bands) { r in
            let bj = transB ? bp.p + r.lowerBound * ldb : bp.p + r.lowerBound
            sgemm(transA, transB, m, r.count, k, alpha, ap.p, lda, bj, ldb, beta, cp.p + r.lowerBound, ldc)
        }
    }
}

/// C = alpha · Aᵀ B + beta · C for a reduction-heavy product (k ≥ 4·max(m, n): the weight
/// gradients dW = dYᵀ X, summed over every token), split along k. Splitting C instead would make
/// every thread pack all of one operand; here each packs only its share of both. Each part is
/// computed with more rows than columns (for m < n, as Cᵀ = Bᵀ A, also a TN product), where
/// OpenBLAS runs up to 2× faster, and the parts are summed in order, so a thread count always
/// gives the same bits. Measured on vit's and lm's weight gradients: 1.0–1.9× the split of C.
private func gemmSplitK(
    m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parts: Int
) {
    let flip = m < n
    let (rows, cols) = flip ? (n, m) : (m, n)
    let partials = Storage(uninitialized: parts * rows * cols)  // (parts, rows, cols)
    let (ap, bp, pp) = (
        SendablePointer(UnsafeMutablePointer(mutating: a)), SendablePointer(UnsafeMutablePointer(mutating: b)),
        SendablePointer(partials.pointer)
    )
    parallelFor(parts, chunks: parts) { r in
        for q in r {
            let (k0, k1) = (k * q / parts, k * (q + 1) / parts)
            let (x, ldx, y, ldy) = flip ? (bp.p, ldb, ap.p, lda) : (ap.p, lda, bp.p, ldb)
            sgemm(
                true, false, rows, cols, k1 - k0, 1, x + k0 * ldx, ldx, y + k0 * ldy, ldy, 0, pp.p + q * rows * cols,
                cols)
        }
    }
    let cp = SendablePointer(c)
    parallelFor(m, grain: Swift.max(1, 16_384 / n)) { r in
        for i in r {
            for j in 0..<n {
                let at = flip ? j * cols + i : i * cols + j
                var sum: Float = 0
                for q in 0..<parts { sum += pp.p[q * rows * cols + at] }
                cp.p[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * cp.p[i * ldc + j])
            }
        }
    }
}

/// One single-threaded cblas_sgemm call.
@inline(__always)
private func sgemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
) {
    _ = blasSingleThreaded
    if k == 0 {  // an empty product: C = beta·C, made explicit rather than left to BLAS
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The reference: the most naive matrix multiply, accumulating in Double. For tests only.
public func gemmReference(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let x = transA ? a[p * lda + i] : a[i * lda + p]
                let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                s += Double(x) * Double(y)
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
            c[i * ldc + j] = Float(Double(alpha) * s + old)
        }
    }
}
