// Element-wise arithmetic with NumPy broadcasting (+, −, ×, ÷ between tensors), and tensor–scalar
// forms. Each backward reduces the incoming gradient over broadcast dimensions to the input's shape.

extension Tensor {
    /// What a binary op's backward needs: nothing (+, −: the gradient passes through, scaled by the
    /// coefficients), or the operands' values, with the element-wise partials.
    private enum BinaryGrad {
        case linear(Float, Float)
        /// `dA` and `dB` say which operands (a, b) each partial reads.
        case partials(
            dA: (a: Bool, b: Bool), dB: (a: Bool, b: Bool), (_ g: Float, _ a: Float, _ b: Float) -> (Float, Float))
    }

    @inline(__always)
    private func binary(_ b: Tensor, op: String, _ f: (Float, Float) -> Float, grad: BinaryGrad) -> Tensor {
        let a = self
        let (shapeA, shapeB) = (a.shape, b.shape)
        let outShape =
            shapeA == shapeB
            ? shapeA
            : checked { () throws(ShapeError) in try Shapes.broadcast(shapeA, shapeB, op: op) }
        let plan = BroadcastPlan([shapeA, shapeB], out: outShape)
        let out = Tensor.empty(outShape)
        broadcastMap(plan, a.data, b.data, out.data, f)
        switch grad {
        case let .linear(ca, cb):
            return out.recorded(from: [a, b]) { g, slots in
                slots[0]?.add { p, acc in
                    reduceBroadcast(g.data, outShape: outShape, into: p, shape: shapeA, scale: ca, accumulate: acc)
                }
                slots[1]?.add { p, acc in
                    reduceBroadcast(g.data, outShape: outShape, into: p, shape: shapeB, scale: cb, accumulate: acc)
                }
            }
        case let .partials(dA, dB, partial):
            // Keep an operand only if some wanted gradient reads it.
            let keepA = (a.requiresGrad && dA.a) || (b.requiresGrad && dB.a) ? a.storage : nil
            let keepB = (a.requiresGrad && dA.b) || (b.requiresGrad && dB.b) ? b.storage : nil
            return out.recorded(from: [a, b]) { g, slots in
                let zero = Storage(repeating: 0, count: 1)
                let (pa, pb, pg) = ((keepA ?? zero).pointer, (keepB ?? zero).pointer, g.data)
                let (sa, sb) = (keepA == nil ? 0 : plan.rowStrides[0], keepB == nil ? 0 : plan.rowStrides[1])
                let ga = slots[0] == nil ? nil : Tensor.empty(outShape)
                let gb = slots[1] == nil ? nil : Tensor.empty(outShape)
                let len = plan.rowLength
                parallelFor(plan.rows, grain: Swift.max(1, 32_768 / Swift.max(len, 1))) { rows in
                    for row in rows {
                        let ia = keepA == nil ? 0 : plan.offset(row: row, operand: 0)
                        let ib = keepB == nil ? 0 : plan.offset(row: row, operand: 1)
                        let io = row * len
                        for j in 0..<len {
                            let (da, db) = partial(pg[io + j], pa[ia + j * sa], pb[ib + j * sb])
                            ga?.data[io + j] = da
                            gb?.data[io + j] = db
                        }
                    }
                }
                if let ga {
                    slots[0]!.add { p, acc in
                        reduceBroadcast(ga.data, outShape: outShape, into: p, shape: shapeA, accumulate: acc)
                    }
                }
                if let gb {
                    slots[1]!.add { p, acc in
                        reduceBroadcast(gb.data, outShape: outShape, into: p, shape: shapeB, accumulate: acc)
                    }
                }
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.binary(b, op: "add", +, grad: .linear(1, 1)) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.binary(b, op: "sub", -, grad: .linear(1, -1)) }
    /// d/da = g·b reads b; d/db = g·a reads a.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        a.binary(b, op: "mul", *, grad: .partials(dA: (false, true), dB: (true, false)) { g, x, y in (g * y, g * x) })
    }
    /// d/da = g/b reads b; d/db = −g·a/b² reads both.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        a.binary(
            b, op: "div", /,
            grad: .partials(dA: (false, true), dB: (true, true)) { g, x, y in (g / y, -g * x / (y * y)) })
    }

    /// a · self + c, element-wise.
    public func affine(scale a: Float, shift c: Float) -> Tensor {
        let out = Tensor.empty(shape)
        let (px, po) = (data, out.data)
        parallelFor(count) { r in for i in r { po[i] = a * px[i] + c } }
        return out.recorded(from: [self]) { g, slots in slots[0]?.add(g, scale: a) }
    }
    public static func + (x: Tensor, c: Float) -> Tensor { x.affine(scale: 1, shift: c) }
    public static func - (x: Tensor, c: Float) -> Tensor { x.affine(scale: 1, shift: -c) }
    public static func * (x: Tensor, c: Float) -> Tensor { x.affine(scale: c, shift: 0) }
    public static func * (c: Float, x: Tensor) -> Tensor { x.affine(scale: c, shift: 0) }
    public static func / (x: Tensor, c: Float) -> Tensor { x.affine(scale: 1 / c, shift: 0) }
    public static func + (c: Float, x: Tensor) -> Tensor { x.affine(scale: 1, shift: c) }
    public static func - (c: Float, x: Tensor) -> Tensor { x.affine(scale: -1, shift: c) }
    public static prefix func - (x: Tensor) -> Tensor { x.affine(scale: -1, shift: 0) }
}
