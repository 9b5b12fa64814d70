// The BLAS path against the naive reference: every transpose combination, odd shapes, alpha/beta,
// and the thread-split paths (the last two shapes, transposed A only, split along k; the very
// last one as Cᵀ).

import Testing
import Tensor
import TestSupport

@Suite struct GemmTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func blasMatchesReference(_ flags: (Bool, Bool)) {
        let (ta, tb) = flags
        for (m, n, k) in [
            (1, 1, 1), (3, 5, 7), (17, 16, 17), (33, 1, 65), (129, 67, 31), (2, 300, 3), (61, 37, 1001), (40, 60, 1000),
        ] {
            var rng = RNG(seed: UInt64(m * 1000 + n * 10 + k))
            let a = Tensor.uniform([m * k], -1, 1, rng: &rng), b = Tensor.uniform([k * n], -1, 1, rng: &rng)
            let c0 = Tensor.uniform([m * n], -1, 1, rng: &rng)
            let (lda, ldb) = (ta ? m : k, tb ? k : n)
            for threads in [1, 2] {
                let fast = c0.copy(), slow = c0.copy()
                gemm(
                    transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: lda, b: b.data, ldb: ldb,
                    beta: 0.25, c: fast.data, ldc: n, threads: threads)
                gemmReference(
                    transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: lda, b: b.data,
                    ldb: ldb, beta: 0.25, c: slow.data, ldc: n)
                #expect(
                    maxAbsDiff(fast.values, slow.values) < 1e-4, "m\(m) n\(n) k\(k) ta\(ta) tb\(tb) threads \(threads)")
            }
        }
    }

    /// Splitting changes OpenBLAS's blocking, so 1 and 2 threads may differ in the last bits; the
    /// same thread count must give the same bits every time.
    @Test func splitIsDeterministicPerThreadCount() {
        var rng = RNG(seed: 1)
        let (m, n, k) = (300, 200, 150)
        let a = Tensor.uniform([m * k], -1, 1, rng: &rng), b = Tensor.uniform([k * n], -1, 1, rng: &rng)
        func product(_ threads: Int) -> [Float] {
            let c = Tensor.zeros([m * n])
            gemm(
                transA: false, transB: true, m: m, n: n, k: k, a: a.data, lda: k, b: b.data, ldb: k, beta: 0,
                c: c.data, ldc: n, threads: threads)
            return c.values
        }
        let two = product(2)
        #expect(product(2) == two, "two threads, two runs")
        #expect(maxAbsDiff(product(1), two) < 1e-4)
    }

    /// Pieces taken in turn by the workers cover every index exactly once.
    @Test func piecesCoverEveryIndexOnce() {
        let visits = Tensor.zeros([1000])
        let p = visits.data
        parallelPieces(1000, pieces: 7, workers: 2) { r in for i in r { p[i] += 1 } }
        #expect(visits.values.allSatisfy { $0 == 1 })
    }

    @Test func emptyInnerDimensionScalesC() {
        let c = Tensor([1, 2, 3, 4], shape: [4])
        let dummy = Tensor.zeros([1])
        gemm(
            transA: false, transB: false, m: 2, n: 2, k: 0, a: dummy.data, lda: 1, b: dummy.data, ldb: 2, beta: 0.5,
            c: c.data, ldc: 2)
        #expect(c.values == [0.5, 1, 1.5, 2])
    }

    @Test func counterCountsEachProductOnce() {
        let a = Tensor.ones([4, 3]), b = Tensor.ones([3, 5])
        let (_, flops, largest) = GemmCounter.measure { _ = a.matmul(b) }
        #expect(flops == 2 * 4 * 5 * 3)
        #expect(largest?.description == "4x5x3")
        let x = Tensor.ones([6, 4, 3]), y = Tensor.ones([6, 3, 5])
        let (_, batched, _) = GemmCounter.measure { _ = x.bmm(y) }
        #expect(batched == 6 * 2 * 4 * 5 * 3)
    }
}
