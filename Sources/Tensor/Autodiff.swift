// Reverse-mode autodiff. An op whose inputs need a gradient attaches a BackwardNode to its output:
// the inputs plus a closure that, given the output's gradient, adds into the inputs' gradients.
// Nothing is recorded for inputs that need no gradient, so frozen weights keep no activations
// alive and cost no backward work. Gradients are raw buffers; there is no double-backward.

/// The inputs of an op and how to push the output's gradient back to them.
final class BackwardNode {
    let inputs: [Tensor]
    let backward: (Tensor) -> Void
    init(inputs: [Tensor], backward: @escaping (Tensor) -> Void) {
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
    /// Marks `self` (a fresh op output) as produced from `inputs`; `backward` receives this tensor's
    /// gradient and must add into the gradients of those inputs that require one.
    /// Records nothing when no input requires a gradient or grad mode is off.
    @discardableResult
    public func recorded(from inputs: [Tensor], _ backward: @escaping (_ grad: Tensor) -> Void) -> Tensor {
        guard GradMode.enabled, inputs.contains(where: \.requiresGrad) else { return self }
        requiresGrad = true
        node = BackwardNode(inputs: inputs, backward: backward)
        return self
    }

    /// True for tensors an op produced with a gradient path (as opposed to parameters and inputs).
    public var hasHistory: Bool { node != nil }

    /// Adds into the gradient. `write(buffer, accumulate)` must add into `buffer` when `accumulate`
    /// is true and overwrite every element otherwise (a fresh, uninitialised buffer).
    public func addGrad(_ write: (UnsafeMutablePointer<Float>, _ accumulate: Bool) -> Void) {
        guard requiresGrad else { return }
        if let g = grad {
            write(g.data, true)
        } else {
            let g = Tensor.empty(shape)
            write(g.data, false)
            grad = g
        }
    }

    /// Adds `g` (same element count) into the gradient.
    public func addGrad(_ g: Tensor) {
        precondition(g.count == count, "addGrad: gradient of shape \(g.shape) for tensor \(shape)")
        addGrad { dst, acc in
            let src = g.data
            if acc {
                parallelFor(count) { r in for i in r { dst[i] += src[i] } }
            } else {
                dst.update(from: src, count: count)
            }
        }
    }

    /// Backpropagates from this tensor. A scalar seeds with 1; otherwise pass `seed` (same shape).
    /// Intermediate gradients and the graph are released as soon as they have been used, so after
    /// this call only leaf tensors (parameters, inputs) hold gradients.
    public func backward(seed: Tensor? = nil) {
        precondition(seed != nil || count == 1,
                     "backward: a non-scalar tensor of shape \(shape) needs an explicit seed")
        guard requiresGrad else { return }
        let order = topologicalOrder()
        if let seed { addGrad(seed) } else { addGrad { p, acc in p[0] = acc ? p[0] + 1 : 1 } }
        for t in order.reversed() {
            guard let node = t.node else { continue }
            t.node = nil
            if let g = t.grad {
                t.grad = nil
                node.backward(g)
            }
        }
    }

    /// Tensors reachable through recorded ops, each after all of its inputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        seen.insert(ObjectIdentifier(self))
        while let (t, next) = stack.popLast() {
            let inputs = t.node?.inputs ?? []
            if next < inputs.count {
                stack.append((t, next + 1))
                let child = inputs[next]
                if child.requiresGrad, seen.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(t)
            }
        }
        return order
    }
}
