// One-block versions of the four backbones (width 64, so every method's defaults fit) with a
// fixed batch and a loss, for the method contract tests.

import Models
import NN
import PEFT
import Tensor

public enum Tiny {
    public static func model(_ kind: BackboneKind, seed: UInt64) -> Module {
        switch kind {
        case .vit:
            var c = ViTConfig(); c.depth = 1; c.classes = 3
            return ViT(c, seed: seed)
        case .lm:
            var c = LMConfig(); c.depth = 1; c.dim = 64; c.hidden = 256; c.context = 8; c.vocab = 32
            return LM(c, seed: seed)
        case .denoiser:
            var c = DenoiserConfig(); c.depth = 1
            return Denoiser(c, seed: seed)
        case .minilm:
            var c = BERTConfig(); c.depth = 1; c.dim = 64; c.heads = 4; c.hidden = 256; c.vocab = 32
            c.positions = 64; c.classes = 3
            return MiniLM(c, seed: seed)
        }
    }

    /// The model's output on a fixed batch (seeded by `seed`).
    public static func output(_ model: Module, seed: UInt64 = 5) -> Tensor {
        var rng = RNG(seed: seed)
        switch model {
        case let vit as ViT:
            return vit(.uniform([3, 64], -1, 1, rng: &rng))
        case let lm as LM:
            return lm((0..<(3 * 8)).map { _ in Int(rng.next() % 32) }, batch: 3, length: 8)
        case let d as Denoiser:
            return d(.uniform([3, 64], -1, 1, rng: &rng), steps: [1, 50, 99])
        case let bert as MiniLM:  // two padded rows
            return bert((0..<(3 * 8)).map { _ in Int(rng.next() % 32) }, batch: 3, length: 8, lengths: [8, 5, 2])
        default:
            preconditionFailure("Tiny.output: unknown model")
        }
    }

    /// A scalar loss on the fixed batch.
    public static func loss(_ model: Module, seed: UInt64 = 5) -> Tensor {
        let out = output(model, seed: seed)
        var rng = RNG(seed: seed ^ 7)
        return (out * Tensor.uniform(out.shape, -1, 1, rng: &rng)).sum() * (1 / Float(out.count).squareRoot())
    }
}

/// Adds U(−0.3, 0.3) noise to every trainable tensor (zero-initialised factors included), so
/// comparisons between methods see every path.
public func randomizeTrainable(_ model: Module, seed: UInt64 = 9) {
    var rng = RNG(seed: seed)
    for (_, t) in model.trainableParameters() {
        let r = Tensor.uniform(t.shape, -0.3, 0.3, rng: &rng)
        for e in 0..<t.count { t.data[e] += r.data[e] }
    }
}

extension Tiny {
    /// A multi-task method's source state for the tests: `stage`'s method applied to `make()`
    /// with seed 10 + i, its trainable tensors moved off their start (so sources differ and none
    /// is zero), as task "t<i>"; t0 is the target. Fixed seeds: every call gives the same.
    public static func sourceState(_ stage: SourceStage, index i: Int, _ make: () -> Module) throws -> SourceState {
        let model = make()
        try makeMethod(stage.method, options: stage.options).apply(to: model, seed: 10 + UInt64(i))
        randomizeTrainable(model, seed: 20 + UInt64(i))
        let tensors = model.trainableParameters().filter { !$0.name.hasPrefix("head.") }.map {
            ($0.name, $0.tensor.detached())
        }
        return SourceState(task: "t\(i)", isTarget: i == 0, tensors: Dictionary(uniqueKeysWithValues: tensors))
    }

    /// Three source states (t0 the target) on models like `make()`'s for a multi-task method;
    /// nil for a single-task one.
    public static func sources(for method: any PEFTMethod, _ make: () -> Module) throws -> [SourceState]? {
        guard let stage = method.sourceStage else { return nil }
        return try (0..<3).map { try sourceState(stage, index: $0, make) }
    }

    /// The same for the tiny model of `kind`.
    public static func sources(for method: any PEFTMethod, _ kind: BackboneKind) throws -> [SourceState]? {
        try sources(for: method) { model(kind, seed: 0) }
    }
}
