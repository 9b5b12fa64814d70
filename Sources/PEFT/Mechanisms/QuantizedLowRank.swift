// W₀ (out, in) ≈ deq(Q) + s·BA, Q in NF-k, BA of rank r, by alternating two exact half-steps:
// Q = quantize(W₀ − s·BA) and s·BA = SVD_r(W₀ − deq(Q)) (the top r triplets by TruncatedSVD,
// split as PiSSA's: B = U_r(S_r/s)^{1/2}, A = (S_r/s)^{1/2}V_rᵀ). LoftQ (2310.08659) starts with
// the quantizer (BA = 0), LQ-LoRA (2311.12023, Algorithm 1) with the SVD (Q = 0); both stop after
// T rounds. Shared so the two differ only in where they start.

import Tensor

struct QuantizedLowRankFit {
    enum Start { case quantize, lowRank }

    let q: NFTensor
    let a: [Float]  // (r, in)
    let b: [Float]  // (out, r)
    /// ‖W₀ − deq(Q) − s·BA‖²_F.
    let error: Double

    /// `firstLowRank`: the (a, b) of SVD_r(W₀), when the caller already has it (LQ-LoRA fits one
    /// matrix under many quantizers, all starting there). `stopWhenWorse`: end when a round
    /// raises the error, keeping the round before (LQ-LoRA's stopping rule).
    init(
        _ w0: [Float], rows o: Int, cols i: Int, rank r: Int, scale s: Float, iterations: Int, start: Start,
        firstLowRank: (a: [Float], b: [Float])? = nil, stopWhenWorse: Bool = false, quantize: ([Float]) -> NFTensor
    ) {
        var a = [Float](repeating: 0, count: r * i), b = [Float](repeating: 0, count: o * r)
        var q: NFTensor?, deq: [Float]?  // Q and deq(Q), both nil before the first quantizer step
        var update = [Float](repeating: 0, count: w0.count)  // s·BA for the current (a, b)
        func lowRankStep() {
            if deq == nil, let firstLowRank {
                (a, b) = firstLowRank
            } else {
                (a, b) = Self.lowRank(deq.map { zip(w0, $0).map { $0 - $1 } } ?? w0, o, i, r, s)
            }
            update = Self.update(a, b, o, i, r, s)
        }
        func quantizeStep() {
            q = quantize(zip(w0, update).map { $0 - $1 })
            deq = q!.dequantize().values
        }
        func fitError() -> Double {
            zip(w0, zip(deq!, update)).reduce(0) { sum, t in
                let e = Double(t.0 - (t.1.0 + t.1.1))
                return sum + e * e
            }
        }
        var best: (q: NFTensor, a: [Float], b: [Float], error: Double)?
        for _ in 0..<iterations {
            switch start {
            case .quantize: quantizeStep(); lowRankStep()
            case .lowRank: lowRankStep(); quantizeStep()
            }
            let e = fitError()
            if stopWhenWorse, let best, e > best.error { break }
            best = (q!, a, b, e)
        }
        (self.q, self.a, self.b, self.error) = best!
    }

    /// (a, b) with s·BA = SVD_r(residual): the top r triplets of the (out, in) residual, split as
    /// PiSSA's.
    static func lowRank(_ residual: [Float], _ o: Int, _ i: Int, _ r: Int, _ s: Float) -> (a: [Float], b: [Float]) {
        let svd = TruncatedSVD.top(residual.map(Double.init), rows: o, cols: i, rank: r)
        var a = [Float](repeating: 0, count: r * i), b = [Float](repeating: 0, count: o * r)
        for j in 0..<r {
            let root = (svd.sigma[j] / Double(s)).squareRoot()
            for x in 0..<i { a[j * i + x] = Float(root * svd.v[x * r + j]) }
            for y in 0..<o { b[y * r + j] = Float(root * svd.u[y * r + j]) }
        }
        return (a, b)
    }

    /// s·BA, row-major (out, in).
    static func update(_ a: [Float], _ b: [Float], _ o: Int, _ i: Int, _ r: Int, _ s: Float) -> [Float] {
        withoutGrad { Tensor(b, shape: [o, r]).matmul(Tensor(a, shape: [r, i])) * s }.values
    }

    /// The trainable LoRA pair, initialised from the fit.
    func hook(scale s: Float) -> LowRankHook {
        let (r, i, o) = (a.count / q.shape[1], q.shape[1], q.shape[0])
        return LowRankHook(
            a: Tensor(a, shape: [r, i], requiresGrad: true), b: Tensor(b, shape: [o, r], requiresGrad: true), scale: s)
    }
}
