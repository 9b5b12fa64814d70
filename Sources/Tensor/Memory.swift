// Memory accounting: live bytes of tensor storage and their peak, the analogue of
// torch.cuda.memory_allocated / max_memory_allocated. Every Storage allocation and free is counted
// in the process-wide meter and in the meter of the enclosing `MemoryMeter.measure` scope, if any.
// Scopes are task-local, so concurrent tests measure only their own tensors.

import Foundation
import Synchronization

/// Counts live tensor bytes and the highest value they reached since the last reset.
public final class MemoryMeter: Sendable {
    private let live = Atomic<Int>(0)
    private let peakBytes = Atomic<Int>(0)

    public init() {}

    /// The process-wide meter: every tensor allocation is counted here.
    public static let global = MemoryMeter()

    /// The meter of the innermost `measure` scope of the current task.
    @TaskLocal public static var scoped: MemoryMeter?

    /// Bytes of tensor storage alive now.
    public var liveBytes: Int { live.load(ordering: .relaxed) }
    /// The largest `liveBytes` seen since creation or the last `resetPeak()`.
    public var peak: Int { peakBytes.load(ordering: .relaxed) }

    /// Starts a new peak window at the current live size.
    public func resetPeak() { peakBytes.store(liveBytes, ordering: .relaxed) }

    func allocated(_ bytes: Int) {
        let now = live.add(bytes, ordering: .relaxed).newValue
        var seen = peakBytes.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, original) = peakBytes.compareExchange(
                expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    func freed(_ bytes: Int) { live.subtract(bytes, ordering: .relaxed) }

    /// Runs `body` with a fresh scoped meter; returns its result and the peak of tensor bytes
    /// allocated inside the scope (tensors alive before the scope are not counted).
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, peakBytes: Int) {
        let meter = MemoryMeter()
        let result = try $scoped.withValue(meter) { try body() }
        return (result, meter.peak)
    }
}

/// The process's peak resident set size in bytes (getrusage; Linux reports kilobytes).
public func processPeakRSS() -> Int {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    #else
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss
    #endif
}
