// AdapterDrop: Pfeiffer adapters (one serial bottleneck after each MLP, ReLU), absent from the
// lowest blocks, which makes training and inference cheaper. static: the first n blocks have no
// adapter at all. robust (default): every block has one, and each training step drops those of
// the first k blocks, k ~ U{0…n}, drawn per step (AdapterHub's robust-training recipe), so the
// trained adapters also work with any of the first k ≤ n dropped at inference: the runner scores
// each (`accuracy@drop1` … in the row's extras) from the one run. n defaults to max(0, L − 2),
// the notebook's 0…10 of 12 blocks. Rücklé et al. 2021, arXiv 2010.11918.
// Trainable: robust L(2dm + m + d); static (L − n)(2dm + m + d). Does not merge.

import NN
import Tensor

public final class AdapterDrop: PEFTMethod {
    public static let name = "adapterdrop"
    public static let family = Family.adapter
    public static let paper = "2010.11918"
    public static let formula = "robust: (2dm + m + d)L; static: (2dm + m + d)(L − n)"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (2 * s.d * 8 + 8 + s.d) }  // robust, m = 8
    public static let mergeable = false
    let options: AdapterOptions
    let robust: Bool
    let drop: Int?
    var maxDrop = 0
    var droppable: [Droppable] = []  // by block, lowest first
    var rng = RNG(seed: 0)

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        robust = try options.choice("mode", default: "robust", among: ["robust", "static"]) == "robust"
        let n = try options.int("drop", default: -1, in: -1...100_000)
        drop = n < 0 ? nil : n
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        let blocks = try model.requireBlocks(for: Self.name)
        maxDrop = drop ?? Swift.max(0, blocks.count - 2)
        guard maxDrop < blocks.count else {
            throw MethodError.invalidOption(
                method: Self.name, key: "drop", value: "\(maxDrop)",
                expected: "an integer in 0…\(blocks.count - 1) (one block at least keeps its adapter)")
        }
        let m = options.bottleneck
        model.freeze()
        try options.attach(
            model, method: Self.name, sites: [\.mlpSite], seed: seed, placement: .serial, wrap: { a, _ in Droppable(a) }
        ) { DenseBottleneck(dim: $0, bottleneck: m, rng: &$1) }
        if !robust { for block in blocks.prefix(maxDrop) { block.mlp.adapter = nil } }
        droppable = blocks.compactMap { $0.mlp.adapter as? Droppable }
        rng = RNG(seed: seed ^ 0xAD7)
        sample()
    }

    /// The next training step's k: the first k blocks' adapters sit out (robust mode).
    func sample() {
        guard robust else { return }
        let k = Int(rng.next() % UInt64(maxDrop + 1))
        for (i, a) in droppable.enumerated() { a.droppedInTraining = i < k }
    }

    public func afterStep(_ step: Int, total: Int) { sample() }

    public func variants(_ model: Module) -> [String] { robust ? (0..<maxDrop).map { "drop\($0 + 1)" } : [] }

    public func select(variant name: String?, in model: Module) {
        let k = name.flatMap { Int($0.dropFirst(4)) } ?? 0
        for (i, a) in droppable.enumerated() { a.droppedAtInference = i < k }
    }

    /// A Pfeiffer adapter that can sit a step (or an inference) out.
    final class Droppable: Module, SublayerAdapter {
        let inner: BottleneckAdapter
        var droppedInTraining = false, droppedAtInference = false
        init(_ inner: BottleneckAdapter) { self.inner = inner }
        func callAsFunction(input: Tensor, output: Tensor) -> Tensor {
            (isTraining ? droppedInTraining : droppedAtInference) ? output : inner(input: input, output: output)
        }
    }
}
