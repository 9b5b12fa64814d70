// What the method contract tests need to know about a method, declared on the method itself so
// that a new method is covered by the whole contract without a test edit: how step 0 relates to
// the base model, its trainable count with default options as a formula of the backbone's shape,
// and which option families it takes (the rank option is checked against every layer's size).

import NN

/// The quantities trainable-count formulas are written in (docs/METHODS.md): width d, blocks L,
/// MLP hidden width h (4d here) and the backbone's parameter count N (the output layer left out).
public struct BackboneShape: Sendable {
    public let d: Int, L: Int, hidden: Int, params: Int
    /// Whether the input is a patch projection with a bias (vit, denoiser), not a token table.
    public let patchBias: Bool
    /// Whether a norm follows the blocks (`ln_f`, pre-LN backbones); a post-LN encoder has none.
    public let finalNorm: Bool
    /// Rows of the position table (0 when the model has none).
    public let positions: Int

    public init(_ model: Module) {
        let blocks = model.transformerBlocks
        d = model.blockWidth
        L = blocks.count
        hidden = blocks.first?.mlp.up.outFeatures ?? 0
        let output = model.outputLayerPattern
        params = model.namedParameters().filter { p in !(output.map { glob($0, p.name) } ?? false) }.reduce(0) {
            $0 + $1.tensor.count
        }
        patchBias = model.namedParameters().contains { $0.name == "patch.bias" }
        finalNorm = model.namedParameters().contains { $0.name == "ln_f.weight" }
        positions = (model as? any PromptSite)?.pos.shape[0] ?? 0
    }

    /// Entries of the transformer blocks: q, k, v, o (4(d² + d)), up and down (2dh + h + d), the
    /// two norms (4d); 12d² + 13d with h = 4d.
    public var blockParams: Int { L * (4 * d * d + 4 * d + 2 * d * hidden + hidden + d + 4 * d) }

    /// Low-rank factors on the default targets q and v (both d × d): 2L targets of r(d + d).
    public func lowRankQV(rank r: Int) -> Int { 2 * L * r * 2 * d }
}

/// How a freshly applied method's output relates to the base model's.
public enum StepZero: Sendable {
    case base  // bit for bit (a zero-initialised update)
    case baseWithinRounding  // W₀ split into a residual plus a non-zero part (PiSSA)
    case dequantizedBase  // the frozen weights are quantized (QLoRA, PEQA): their QuantizedWeights
    case closerThanQuantized  // quantized, plus an update that brings it back towards the base (LoftQ)
    case changedSequence  // prompt or prefix tokens join the sequence
    case perturbedBase  // a small random non-zero module from the start (SparseAdapter's N(0, 0.02²) weights)
    case sidePrediction  // a separate network predicts from the backbone's activations (LST): nothing to compare
    case fromSources  // built on trained source-stage modules (AdapterFusion): not the base by design
}

extension Module {
    /// The width d of the model's blocks (the first block's norm), or 0 without blocks.
    public var blockWidth: Int { transformerBlocks.first?.ln1.weight.count ?? 0 }
}
