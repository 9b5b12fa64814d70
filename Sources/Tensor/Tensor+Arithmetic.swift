// Element-wise arithmetic with NumPy broadcasting (+, −, ×, ÷ between tensors), and tensor–scalar
// forms. Each backward reduces the incoming gradient over broadcast dimensions to the input's shape.

extension Tensor {
    /// Applies `f` element-wise with broadcasting. `grad(g, a, b) -> (da, db)` gives the partial
    /// gradients element by element; `linear` short-cuts it for + and − (da = ca·g, db = cb·g).
    @inline(__always)
    private func binary(_ b: Tensor, op: String, _ f: (Float, Float) -> Float, linear: (Float, Float)? = nil,
                        grad: @escaping (_ g: Float, _ a: Float, _ b: Float) -> (Float, Float)) -> Tensor {
        let a = self
        let outShape = a.shape == b.shape ? a.shape
            : checked { () throws(ShapeError) in try Shapes.broadcast(a.shape, b.shape, op: op) }
        let plan = BroadcastPlan([a.shape, b.shape], out: outShape)
        let out = Tensor.empty(outShape)
        broadcastMap(plan, a.data, b.data, out.data, f)
        return out.recorded(from: [a, b]) { g in
            if let (ca, cb) = linear {
                a.addGrad { p, acc in reduceBroadcast(g.data, outShape: outShape, into: p, shape: a.shape, scale: ca, accumulate: acc) }
                b.addGrad { p, acc in reduceBroadcast(g.data, outShape: outShape, into: p, shape: b.shape, scale: cb, accumulate: acc) }
                return
            }
            // Partial gradients in the output's shape, then summed down to each input's shape.
            let ga = a.requiresGrad ? Tensor.empty(outShape) : nil
            let gb = b.requiresGrad ? Tensor.empty(outShape) : nil
            let (pa, pb, pg) = (a.data, b.data, g.data)
            let (len, sa, sb) = (plan.rowLength, plan.rowStrides[0], plan.rowStrides[1])
            parallelFor(plan.rows, grain: max(1, 32_768 / max(len, 1))) { rows in
                for row in rows {
                    let (ia, ib, io) = (plan.offset(row: row, operand: 0), plan.offset(row: row, operand: 1), row * len)
                    for j in 0..<len {
                        let (da, db) = grad(pg[io + j], pa[ia + j * sa], pb[ib + j * sb])
                        ga?.data[io + j] = da
                        gb?.data[io + j] = db
                    }
                }
            }
            if let ga { a.addGrad { p, acc in reduceBroadcast(ga.data, outShape: outShape, into: p, shape: a.shape, accumulate: acc) } }
            if let gb { b.addGrad { p, acc in reduceBroadcast(gb.data, outShape: outShape, into: p, shape: b.shape, accumulate: acc) } }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        a.binary(b, op: "add", +, linear: (1, 1)) { g, _, _ in (g, g) }
    }
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        a.binary(b, op: "sub", -, linear: (1, -1)) { g, _, _ in (g, -g) }
    }
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        a.binary(b, op: "mul", *) { g, x, y in (g * y, g * x) }
    }
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        a.binary(b, op: "div", /) { g, x, y in (g / y, -g * x / (y * y)) }
    }

    // Tensor–scalar forms: y = a·x + c in one pass.
    /// a · self + c, element-wise.
    public func affine(scale a: Float, shift c: Float) -> Tensor {
        let x = self
        let out = Tensor.empty(shape)
        let (px, po) = (x.data, out.data)
        parallelFor(count) { r in for i in r { po[i] = a * px[i] + c } }
        return out.recorded(from: [x]) { g in
            x.addGrad { p, acc in
                let pg = g.data
                parallelFor(x.count) { r in for i in r { p[i] = (acc ? p[i] : 0) + a * pg[i] } }
            }
        }
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
