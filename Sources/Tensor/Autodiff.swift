// Reverse-mode autodiff. A tensor that needs a gradient owns a GradSlot: its gradient and the op
// that produced it. An op whose inputs need gradients gives its output a BackwardNode: the inputs'
// slots plus a closure that, given the output's gradient, adds into those slots. The graph links
// slots, not tensors, and each closure captures only the values its backward reads, so an
// activation nobody needs for backward is freed as soon as the forward pass drops it (add, reshape
// and friends keep nothing; a frozen weight's matmul keeps no input for a dW it will never
// compute). Nothing is recorded for inputs that need no gradient. There is no double-backward.

/// A tensor's place in the autodiff graph.
public final class GradSlot {
    public let shape: [Int]
    /// The accumulated gradient (for leaves, after `backward()`).
    public var grad: Tensor?
    var node: BackwardNode?

    init(shape: [Int]) { self.shape = shape }
    var count: Int { shape.reduce(1, *) }

    /// Adds into the gradient. `write(buffer, accumulate)` must add into `buffer` when `accumulate`
    /// is true and overwrite every element otherwise (a fresh, uninitialised buffer).
    public func add(_ write: (UnsafeMutablePointer<Float>, _ accumulate: Bool) -> Void) {
        if let g = grad {
            write(g.data, true)
        } else {
            let g = Tensor.empty(shape)
            write(g.data, false)
            grad = g
        }
    }

    /// Adds a freshly computed gradient that nobody else holds: it becomes the gradient as is when
    /// there is none yet (no copy), and is added otherwise.
    public func add(owning g: Tensor) {
        if grad == nil, g.shape == shape, !g.requiresGrad { grad = g } else { add(g) }
    }

    /// Adds `scale`·`g` (same element count) into the gradient.
    public func add(_ g: Tensor, scale: Float = 1) {
        precondition(g.count == count, "GradSlot.add: gradient of shape \(g.shape) for tensor \(shape)")
        let src = g.data
        add { dst, acc in
            parallelFor(g.count) { r in
                if acc { for i in r { dst[i] += scale * src[i] } } else { for i in r { dst[i] = scale * src[i] } }
            }
        }
    }
}

/// The input slots of an op (nil for inputs that need no gradient) and its backward closure.
final class BackwardNode {
    let inputs: [GradSlot?]
    let backward: (Tensor, [GradSlot?]) -> Void
    init(inputs: [GradSlot?], backward: @escaping (Tensor, [GradSlot?]) -> Void) {
        self.inputs = inputs
        self.backward = backward
    }
}

/// Grad mode: on by default; `withoutGrad` turns recording off for the enclosed work (evaluation).
public enum GradMode {
    @TaskLocal public static var enabled = true
}

/// Runs `body` without recording any op for backward.
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$enabled.withValue(false) { try body() }
}

extension Tensor {
    /// Marks `self` (a fresh op output) as produced from `inputs`. At backward time `backward`
    /// receives this tensor's gradient and the inputs' slots (nil where no gradient is wanted) and
    /// adds into them. The closure must capture only what it reads: never `self`, and an input
    /// tensor only if its values are needed. Records nothing when no input needs a gradient.
    @discardableResult
    public func recorded(from inputs: [Tensor], _ backward: @escaping (_ grad: Tensor, _ inputs: [GradSlot?]) -> Void)
        -> Tensor
    {
        guard GradMode.enabled, inputs.contains(where: \.requiresGrad) else { return self }
        requiresGrad = true
        slot!.node = BackwardNode(inputs: inputs.map(\.slot), backward: backward)
        return self
    }

    /// True for tensors an op produced with a gradient path (as opposed to parameters and inputs).
    public var hasHistory: Bool { slot?.node != nil }

    /// Backpropagates from this tensor. A scalar seeds with 1; otherwise pass `seed` (same shape).
    /// Intermediate gradients and the graph are released as soon as they have been used, so after
    /// this call only leaf tensors (parameters, inputs) hold gradients.
    public func backward(seed: Tensor? = nil) {
        precondition(
            seed != nil || count == 1,
            "backward: a non-scalar tensor of shape \(shape) needs an explicit seed")
        guard let root = slot else { return }
        let order = GradSlot.topologicalOrder(from: root)
        if let seed { root.add(seed) } else { root.add { p, acc in p[0] = acc ? p[0] + 1 : 1 } }
        for s in order.reversed() {
            guard let node = s.node else { continue }
            s.node = nil
            if let g = s.grad {
                s.grad = nil
                node.backward(g, node.inputs)
            }
        }
    }
}

extension GradSlot {
    /// Slots reachable through recorded ops, each after all of its inputs.
    static func topologicalOrder(from root: GradSlot) -> [GradSlot] {
        var order: [GradSlot] = []
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack: [(GradSlot, Int)] = [(root, 0)]
        while let (s, next) = stack.popLast() {
            let inputs = s.node?.inputs ?? []
            if next < inputs.count {
                stack.append((s, next + 1))
                if let child = inputs[next], seen.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(s)
            }
        }
        return order
    }
}
