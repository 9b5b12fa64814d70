// Storage: one 64-byte-aligned Float32 buffer, counted by the memory meters while it lives.
// Tensors share a Storage for zero-copy reshapes; everything else gets its own.

/// An owned, aligned buffer of `count` Float32 values.
public final class Storage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int
    private let meter: MemoryMeter?

    /// Allocates `count` floats, uninitialised. Callers must write every element.
    public init(uninitialized count: Int) {
        precondition(count >= 0, "Storage: negative element count \(count)")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        self.count = count
        meter = MemoryMeter.scoped
        MemoryMeter.global.allocated(count * 4)
        meter?.allocated(count * 4)
    }

    /// Allocates `count` floats set to `value`.
    public convenience init(repeating value: Float, count: Int) {
        self.init(uninitialized: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        MemoryMeter.global.freed(count * 4)
        meter?.freed(count * 4)
        pointer.deallocate()
    }

    public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: pointer, count: count) }
}
