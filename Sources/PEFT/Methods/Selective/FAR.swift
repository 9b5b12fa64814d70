// FAR (Freeze And Reconfigure): full fine-tuning that stops updating most of each MLP.
//   priming: the first ⌈πT⌉ steps train the whole backbone (the output layer is the runner's).
//   selection, per block: unit j of the MLP (row j of up and its bias, column j of down) scores
//     s_j = Σᵢ|ΔW_up[j,i]| + |Δb_up[j]| + Σᵢ|ΔW_down[i,j]| (the change priming made), and the top
//     k = ⌈p·h⌉ units are the learners.
//   reconfiguration: the units are permuted so the learners come first (the MLP's function is
//     unchanged: GELU acts per unit), up and down freeze, and RowColumnDelta trains the first k
//     rows of up (+ bias) and the first k columns of down as their own small products, so the
//     frozen (h − k) units need no weight gradient. Everything outside the MLPs keeps training.
//   merge: the deltas fold back into up and down, a plain model.
// Vucetic et al. 2022, arXiv 2205.01541. Trainable: N while priming (the count the runner records
// before training); afterwards N − L(2d + 1)(h − k), the row's `reconfigured_trainable` extra.
// Stored: the whole model (priming changed every entry).

import NN
import Tensor

public final class FAR: PEFTMethod {
    public static let name = "far"
    public static let family = Family.selective
    public static let paper = "2205.01541"
    public static let formula = "N while priming, then N − L(2d + 1)(h − ⌈p·h⌉)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.params }
    public static let mergeable = true
    public static let lrScale: Float = 1  // it is full fine-tuning, whose rate the task's is
    public static let departures = [
        "The paper's method section was not reachable here. This follows its abstract, the authors' follow-up (2208.02070: FAR₁₀ trains 41.4M of DistilBERT's 67M, i.e. everything but 90% of the FFN) and Lialin et al.'s survey (2303.15647: the top rows by L1 distance after priming on part of the data). Our choices where those are silent: the score sums the unit's up row, bias and down column; priming is the first 10% of the steps and its weights are kept; k is per block",
        "Peak training memory is full fine-tuning's, since priming trains everything; the saving can only show in the reconfigured steps (step_ms is the median step). On our small backbones it does not: the deltas' extra small products and copies cost more than the skipped weight gradients save, which needs matrices of DistilBERT's size",
    ]
    let fraction: Float
    let priming: Float
    var sites: [(up: Linear, down: Linear, rows: RowColumnDelta, columns: RowColumnDelta)] = []
    var start: [(up: [Float], bias: [Float], down: [Float])] = []
    var reconfigured = false

    public init(_ options: Options) throws {
        fraction = try options.float("p", default: 0.1, in: 1e-6...1)
        priming = try options.float("priming", default: 0.1, in: 1e-6...1)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        model.unfreeze()  // priming trains the whole backbone
        if let output = model.outputLayerPattern { model.freeze(output) }  // the runner decides about the head
        for b in blocks {
            let (up, down) = (b.mlp.up, b.mlp.down)
            guard up.hook == nil, down.hook == nil else {
                throw MethodError.unsupported(method: Self.name, reason: "the MLP's layers already have hooks")
            }
            let k = Int((Double(fraction) * Double(up.outFeatures)).rounded(.up))
            let (rows, columns) = (
                RowColumnDelta(rows: k, of: up, bias: up.bias != nil, trainable: false),
                RowColumnDelta(columns: k, of: down, trainable: false)
            )
            (up.hook, down.hook) = (rows, columns)
            sites.append((up, down, rows, columns))
            start.append((up.weight.values, up.bias?.values ?? [], down.weight.values))
        }
    }

    /// The last priming step (0-based), at least step 0.
    func lastPrimingStep(total: Int) -> Int { Swift.max(Int((Double(priming) * Double(total)).rounded(.up)), 1) - 1 }

    public func afterStep(_ step: Int, total: Int) {
        guard step == lastPrimingStep(total: total) else { return }
        for (site, s) in zip(sites, start) { reconfigure(site, from: s) }
        reconfigured = true
    }

    /// Scores the units of one MLP, puts the learners first, freezes the rest of it and switches
    /// its deltas on.
    func reconfigure(
        _ site: (up: Linear, down: Linear, rows: RowColumnDelta, columns: RowColumnDelta),
        from s: (up: [Float], bias: [Float], down: [Float])
    ) {
        let (up, down) = (site.up, site.down)
        let (h, d, out) = (up.outFeatures, up.inFeatures, down.outFeatures)  // up (h, d), down (out, h)
        let (w, b, v) = (up.weight.data, up.bias?.data, down.weight.data)
        let scores = (0..<h).map { j in
            var m = 0.0
            for i in 0..<d { m += Double(Swift.abs(w[j * d + i] - s.up[j * d + i])) }
            if let b { m += Double(Swift.abs(b[j] - s.bias[j])) }
            for i in 0..<out { m += Double(Swift.abs(v[i * h + j] - s.down[i * h + j])) }
            return m
        }
        let learner = FixedMask.topK([scores], site.rows.delta.shape[0])[0]
        let order = (0..<h).filter { learner[$0] } + (0..<h).filter { !learner[$0] }
        let (wv, vv) = (up.weight.values, down.weight.values)
        for (to, from) in order.enumerated() {
            for i in 0..<d { w[to * d + i] = wv[from * d + i] }
            for i in 0..<out { v[i * h + to] = vv[i * h + from] }
        }
        if let bias = up.bias {
            let bv = bias.values
            for (to, from) in order.enumerated() { bias.data[to] = bv[from] }
        }
        for t in [up.weight, down.weight] + (up.bias.map { [$0] } ?? []) { t.requiresGrad = false }
        for t in site.rows.tensors + site.columns.tensors { t.requiresGrad = true }
    }

    /// After priming, up and down are frozen yet hold what priming made of them (permuted).
    public func rewrittenTensors(_ model: Module) -> [String] {
        guard reconfigured else { return [] }
        let frozen = Set(
            sites.flatMap { [$0.up.weight, $0.down.weight] + ($0.up.bias.map { [$0] } ?? []) }.map(
                ObjectIdentifier.init))
        return model.namedParameters().filter { frozen.contains(ObjectIdentifier($0.tensor)) }.map(\.name)
    }

    public func restartedTensors(after step: Int, total: Int) -> [Tensor] {
        step == lastPrimingStep(total: total) ? sites.flatMap { $0.rows.tensors + $0.columns.tensors } : []
    }

    /// The default groups plus the deltas, which join the optimizer frozen and start training
    /// (with a fresh state) once priming ends.
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? {
        let deltas = sites.flatMap { $0.rows.tensors + $0.columns.tensors }
        return ParameterGroup.decayingMatrices(
            model.trainableParameters().map(\.tensor) + deltas, weightDecay: weightDecay)
    }

    public func extras(_ model: Module) -> [(name: String, value: Double)] {
        let output = model.outputLayerPattern
        let count = trainableCount(model) { name in output.map { glob($0, name) } ?? false }
        return [("reconfigured_trainable", Double(count))]
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }
}
