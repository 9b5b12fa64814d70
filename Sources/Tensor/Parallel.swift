// Threads: one setting for both OpenBLAS and our own loops. Work is split into a fixed number of
// chunks that depends only on the problem size, never on timing, so results are bit-identical for a
// given thread count (and, for element-wise work, for any thread count).

import CBLAS
import Dispatch
import Synchronization

public enum Threads {
    private static let current = Atomic<Int>(1)

    /// The thread count used by BLAS and by `parallelFor`.
    public static var count: Int { current.load(ordering: .relaxed) }

    /// Sets the thread count for BLAS and our loops (clamped to at least 1).
    public static func set(_ n: Int) {
        let n = max(1, n)
        current.store(n, ordering: .relaxed)
        openblas_set_num_threads(Int32(n))
    }
}

/// A pointer that may cross into worker closures; the caller guarantees disjoint writes.
public struct SendablePointer<T>: @unchecked Sendable {
    public let p: UnsafeMutablePointer<T>
    public init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}

/// Runs `body` over `0..<count` split in contiguous ranges, in parallel when the work is large
/// enough to pay for the dispatch (about `grain` elements per range at least).
public func parallelFor(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
    let threads = Threads.count
    let chunks = min(threads, count / max(grain, 1))
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

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
