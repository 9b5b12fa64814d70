// Threads: we own all parallelism. OpenBLAS runs single-threaded and `gemm` splits large products
// across our workers itself; left to its own pool, OpenBLAS's idle workers spin on sched_yield
// between calls and, on a 2-core machine, steal the cores our element-wise loops need (measured:
// ~20% of a training step in the scheduler). Work is split into chunks that depend only on the
// problem size and the thread count, never on timing, so results are bit-identical for a given
// thread count.

import CBLAS
import Dispatch
import Synchronization

public enum Threads {
    private static let current = Atomic<Int>(1)

    /// The thread count used by `gemm` and by `parallelFor`.
    public static var count: Int { current.load(ordering: .relaxed) }

    /// Sets the thread count (clamped to at least 1). OpenBLAS itself always runs one thread.
    public static func set(_ n: Int) {
        current.store(max(1, n), ordering: .relaxed)
        openblas_set_num_threads(1)
    }
}

/// A pointer that may cross into worker closures; the caller guarantees disjoint writes.
public struct SendablePointer<T>: @unchecked Sendable {
    public let p: UnsafeMutablePointer<T>
    public init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}

/// Runs `body` over `0..<count` split in contiguous ranges, in parallel when the work is large
/// enough to pay for the dispatch (about `grain` elements per range at least): up to four ranges
/// per worker, taken in turn (`parallelPieces`). Every caller computes each index on its own, so
/// the ranges never change a result.
public func parallelFor(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
    let workers = min(Threads.count, count / max(grain, 1))
    parallelPieces(count, pieces: min(4 * workers, count / max(grain, 1)), workers: workers, body)
}

/// Runs `body` over `0..<count` split in exactly `chunks` contiguous ranges, in parallel.
public func parallelFor(_ count: Int, chunks: Int, _ body: (Range<Int>) -> Void) {
    if chunks <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedBox(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            box.value(lo..<hi)
        }
    }
}

/// Runs `body` over `0..<count` split in `pieces` contiguous ranges, which `workers` workers take
/// in turn. On a shared host a descheduled worker then holds up one small piece, not half of the
/// work, while the other takes the rest. Which worker runs a piece never changes its result.
public func parallelPieces(_ count: Int, pieces: Int, workers: Int, _ body: (Range<Int>) -> Void) {
    let pieces = min(pieces, count)
    if workers <= 1 || pieces <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    let next = Atomic<Int>(0)
    parallelFor(min(workers, pieces), chunks: min(workers, pieces)) { _ in
        while true {
            let c = next.add(1, ordering: .relaxed).oldValue
            guard c < pieces else { return }
            body((count * c / pieces)..<(count * (c + 1) / pieces))
        }
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
