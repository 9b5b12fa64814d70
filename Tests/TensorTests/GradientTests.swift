// Finite-difference checks of every op's backward, with broadcasting and transposes.

import Testing
import Tensor
import TestSupport

@Suite struct GradientTests {
    func expectGrad(_ inputs: [Tensor], _ name: String, atol: Float = 2e-3, _ f: () -> Tensor) {
        let failures = gradCheck(inputs, atol: atol, f)
        #expect(failures.isEmpty, "\(name): \(failures.prefix(4).joined(separator: "; "))")
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmul(_ flags: (Bool, Bool)) {
        let (ta, tb) = flags
        let a = param(ta ? [5, 3] : [3, 5], seed: 1), b = param(tb ? [4, 5] : [5, 4], seed: 2)
        expectGrad([a, b], "matmul \(flags)") { a.matmul(b, transA: ta, transB: tb) }
        let x = param([2, 3, 5], seed: 3)
        expectGrad([x, b], "matmul batched-left \(flags)") { x.matmul(b, transB: tb) }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func bmm(_ flags: (Bool, Bool)) {
        let (ta, tb) = flags
        let a = param(ta ? [2, 3, 4, 3] : [2, 3, 3, 4], seed: 4), b = param(tb ? [2, 3, 5, 4] : [2, 3, 4, 5], seed: 5)
        expectGrad([a, b], "bmm \(flags)") { a.bmm(b, transA: ta, transB: tb) }
    }

    @Test func linearWithBias() {
        let x = param([2, 3, 6], seed: 6), w = param([4, 6], seed: 7), b = param([4], seed: 8)
        expectGrad([x, w, b], "linear") { x.linear(weight: w, bias: b) }
    }

    @Test func broadcastArithmetic() {
        let a = param([2, 3, 4], seed: 9), row = param([4], seed: 10), col = param([2, 1, 4], seed: 11)
        let pos = param([3, 1], seed: 12)
        for i in 0..<pos.count { pos.data[i] = 1.5 + Swift.abs(pos.data[i]) }  // keep away from 0 for ÷
        expectGrad([a, row], "add") { a + row }
        expectGrad([a, col], "sub") { a - col }
        expectGrad([a, pos], "mul") { a * pos }
        expectGrad([a, pos], "div") { a / pos }
        expectGrad([a], "affine") { 3 * a - 2 }
        expectGrad([a], "same tensor twice") { a * a + a }
        let wide = param([3, 12], seed: 15), bias = param([12], seed: 16)  // a bias gradient of one vector + a tail
        expectGrad([wide, bias], "add a bias of 12") { wide + bias }
    }

    @Test func elementwiseFunctions() {
        let x = param([3, 7], seed: 13)
        for i in 0..<x.count where Swift.abs(x.data[i]) < 0.05 { x.data[i] += 0.2 }  // away from kinks
        let pos = param([3, 7], seed: 14)
        for i in 0..<pos.count { pos.data[i] = 0.5 + Swift.abs(pos.data[i]) }
        expectGrad([x], "exp") { x.exp() }
        expectGrad([pos], "log") { pos.log() }
        expectGrad([pos], "sqrt") { pos.sqrt() }
        expectGrad([x], "square") { x.square() }
        expectGrad([x], "tanh") { x.tanh() }
        expectGrad([x], "sigmoid") { x.sigmoid() }
        expectGrad([x], "relu") { x.relu() }
        expectGrad([x], "silu") { x.silu() }
        expectGrad([x], "gelu") { x.gelu() }
        expectGrad([x], "abs") { x.abs() }
    }

    @Test func reductions() {
        let x = param([2, 3, 4], seed: 15)
        for axis in 0..<3 {
            expectGrad([x], "sum axis \(axis)") { x.sum(axis: axis) }
            expectGrad([x], "mean axis \(axis)") { x.mean(axis: axis, keepDims: true) }
            expectGrad([x], "amax axis \(axis)") { x.amax(axis: axis) }
        }
        expectGrad([x], "sum axes") { x.sum(axes: [0, 2]) }
        expectGrad([x], "sum all") { x.sum() }
        expectGrad([x], "mean all") { x.mean() }
    }

    @Test func shapeOps() {
        let x = param([2, 3, 4], seed: 16), y = param([2, 2, 4], seed: 17)
        expectGrad([x], "reshape") { x.reshaped([6, -1]) }
        expectGrad([x], "permute") { x.permuted([2, 0, 1]) }
        expectGrad([x], "transpose") { x.transposed(0, 2) }
        expectGrad([x], "slice") { x.slice(axis: 1, 1..<3) }
        expectGrad([x, y], "concat") { Tensor.concat([x, y], axis: 1) }
        let r = param([1, 3, 1], seed: 18)
        expectGrad([r], "expand") { r.expanded(to: [2, 3, 4]) }
    }

    @Test func indexingAndMasking() {
        let table = param([5, 3], seed: 19)
        expectGrad([table], "embedding with repeats") { table.embedding([4, 0, 4, 2, 1, 4], shape: [2, 3]) }
        let x = param([2, 4, 3], seed: 20)
        expectGrad([x], "indexSelect axis 1") { x.indexSelect(axis: 1, [3, 0, 3]) }
        let mask = Tensor([0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0], shape: [4, 3])
        expectGrad([x], "maskedFill") { x.maskedFill(mask, value: -5) }
    }

    @Test func normalisations() {
        let x = param([3, 5], seed: 21)
        expectGrad([x], "softmax") { x.softmax() }
        expectGrad([x], "logSoftmax") { x.logSoftmax() }
        let g = param([5], seed: 22), b = param([5], seed: 23)
        expectGrad([x, g, b], "layerNorm") { x.layerNorm(gamma: g, beta: b) }
    }

    @Test func dropoutIsAMaskedScale() {
        let x = param([4, 8], seed: 24)
        var rng = RNG(seed: 5)
        let y = x.dropout(0.25, rng: &rng)
        let kept = zip(x.values, y.values).filter { $0.1 != 0 }
        #expect(!kept.isEmpty && kept.count < x.count)
        for (a, b) in kept { #expect(Swift.abs(b - a / 0.75) < 1e-6) }
        expectGrad([x], "dropout") {
            var r = RNG(seed: 5); return x.dropout(0.25, rng: &r)
        }
    }
}
