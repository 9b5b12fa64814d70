// Tensor: a contiguous row-major Float32 array with a shape, an optional gradient, and the backward
// closure of the op that made it. Ops live in Tensor+<Topic>.swift, each forward beside its backward.
//
// Shape letters used in comments across the code base:
//   B batch, T tokens (sequence), D width, H heads, Dh head width (D / H), F MLP width (4D),
//   V vocabulary, C classes, N rows of a flattened batch (B*T), L blocks, l prompt/prefix length.

import Foundation

/// A Float32 tensor that records the ops that made it when it needs a gradient.
public final class Tensor: @unchecked Sendable {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// The data; shared with tensors made by `reshaped`.
    public let storage: Storage
    /// The autodiff slot; present exactly when the tensor requires a gradient.
    public private(set) var slot: GradSlot?

    /// Whether a gradient flows to this tensor. For a parameter, `false` means frozen.
    public var requiresGrad: Bool {
        get { slot != nil }
        set {
            if newValue, slot == nil { slot = GradSlot(shape: shape) }
            if !newValue { slot = nil }
        }
    }
    /// The accumulated gradient after `backward()`, for tensors that require one.
    public var grad: Tensor? {
        get { slot?.grad }
        set { slot?.grad = newValue }
    }

    public init(storage: Storage, shape: [Int], requiresGrad: Bool = false) {
        precondition(
            shape.reduce(1, *) == storage.count,
            "Tensor: shape \(shape) needs \(shape.reduce(1, *)) values, storage has \(storage.count)")
        self.storage = storage
        self.shape = shape
        if requiresGrad { slot = GradSlot(shape: shape) }
    }

    /// A tensor from values in row-major order.
    public convenience init(_ values: [Float], shape: [Int], requiresGrad: Bool = false) {
        let s = Storage(uninitialized: values.count)
        values.withUnsafeBufferPointer { s.pointer.update(from: $0.baseAddress!, count: values.count) }
        self.init(storage: s, shape: shape, requiresGrad: requiresGrad)
    }

    /// A scalar (shape []).
    public convenience init(scalar: Float) { self.init([scalar], shape: []) }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }
    public var data: UnsafeMutablePointer<Float> { storage.pointer }
    /// A copy of the values.
    public var values: [Float] { Array(storage.buffer) }
    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item: tensor of shape \(shape) has \(count) values")
        return data[0]
    }
    /// A new tensor with the same values and no history.
    public func copy(requiresGrad: Bool = false) -> Tensor {
        let s = Storage(uninitialized: count)
        s.pointer.update(from: data, count: count)
        return Tensor(storage: s, shape: shape, requiresGrad: requiresGrad)
    }
    /// The same storage without history: a frozen view for evaluation or saving.
    public func detached() -> Tensor { Tensor(storage: storage, shape: shape) }
    /// Overwrites the values from another tensor of the same element count.
    public func assign(_ other: Tensor) {
        precondition(other.count == count, "assign: shape \(other.shape) into \(shape)")
        data.update(from: other.data, count: count)
    }
}

// MARK: - Factories

extension Tensor {
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }
    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        Tensor(
            storage: Storage(repeating: value, count: shape.reduce(1, *)), shape: shape,
            requiresGrad: requiresGrad)
    }
    /// Uninitialised: every op that uses this writes all elements.
    public static func empty(_ shape: [Int]) -> Tensor {
        Tensor(storage: Storage(uninitialized: shape.reduce(1, *)), shape: shape)
    }
    /// Normal(0, std²) entries.
    public static func randn(
        _ shape: [Int], std: Float = 1, rng: inout RNG,
        requiresGrad: Bool = false
    ) -> Tensor {
        let t = empty(shape)
        for i in 0..<t.count { t.data[i] = std * rng.normal() }
        t.requiresGrad = requiresGrad
        return t
    }
    /// Uniform(lo, hi) entries.
    public static func uniform(
        _ shape: [Int], _ lo: Float, _ hi: Float, rng: inout RNG,
        requiresGrad: Bool = false
    ) -> Tensor {
        let t = empty(shape)
        for i in 0..<t.count { t.data[i] = rng.uniform(lo, hi) }
        t.requiresGrad = requiresGrad
        return t
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = values.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(head)\(count > 8 ? ", …" : "")]"
    }
}
