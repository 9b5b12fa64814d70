// DyLoRA: one LoRA trained so that every rank b ≤ r works. Each training step samples b
// uniformly from 1…r and uses the truncated factors with their own scale:
//   y = W₀x + b₀ + (α/b)·B[:, :b] A[:b, :] x,  A (r, in) Kaiming-uniform, B (out, r) zero.
// In the "frozen" mode (the default, as the authors' own description and LyCORIS) only the b-th
// row of A and column of B get a gradient; the first b−1 are used but detached. After training
// the model deploys at any rank: the runner scores every b < r as well (`accuracy@r1` … in the
// row's extras), from the one run. Merge at the deployed rank: W ← W₀ + (α/b)·B[:, :b]A[:b, :].
// Valipour et al. 2022, arXiv 2210.07558. Trainable: r(d_in + d_out) per target.

import NN
import Tensor

public final class DyLoRA: PEFTMethod {
    public static let name = "dylora"
    public static let family = Family.reparameterized
    public static let paper = "2210.07558"
    public static let formula = "r_max(d_in + d_out) per target"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.lowRankQV(rank: 8) }
    public static let rankOption: String? = "r"
    public static let mergeable = true
    public static var exactGradients: Bool { false }  // frozen mode detaches rows < b; its test checks that
    let options: LowRankOptions
    let frozen: Bool
    var rng = RNG(seed: 0)
    var targets: [Hook] = []

    public init(_ options: Options) throws {
        self.options = try LowRankOptions(options)
        frozen = try options.choice("mode", default: "frozen", among: ["frozen", "all"]) == "frozen"
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        var initRNG = RNG(seed: seed)
        rng = RNG(seed: seed ^ 0xD71)
        let (r, alpha, frozen) = (options.rank, options.alpha, frozen)
        model.freeze()
        targets = []
        try options.attach(model, method: Self.name) {
            let (a, b) = LowRankHook.initialFactors(
                inFeatures: $0.inFeatures, outFeatures: $0.outFeatures, rank: r, rng: &initRNG)
            let hook = Hook(a: a, b: b, alpha: alpha, frozen: frozen)
            targets.append(hook)
            return hook
        }
        sample()
    }

    /// A fresh b for the next training step, the same for every target.
    func sample() {
        let b = 1 + Int(rng.next() % UInt64(options.rank))
        for h in targets { h.sampled = b }
    }

    public func afterStep(_ step: Int, total: Int) { sample() }

    public func variants(_ model: Module) -> [String] { (1..<options.rank).map { "r\($0)" } }

    /// Deploys at rank `name` ("r3"), or at the full rank r.
    public func select(variant name: String?, in model: Module) {
        let b = name.flatMap { Int($0.dropFirst()) } ?? options.rank
        for h in targets { h.deployed = b }
    }

    public func merge(_ model: Module) throws { try mergeHooks(model, method: Self.name) }

    public final class Hook: Module, MergeableLinearHook {
        public let a: Tensor  // (r, in)
        public let b: Tensor  // (out, r)
        let alpha: Float, frozen: Bool
        /// The rank of the current training step (sampled), and the rank outside training (deployed).
        var sampled: Int, deployed: Int
        var rank: Int { isTraining ? sampled : deployed }

        init(a: Tensor, b: Tensor, alpha: Float, frozen: Bool) {
            (self.a, self.b, self.alpha, self.frozen) = (a, b, alpha, frozen)
            (sampled, deployed) = (a.shape[0], a.shape[0])
        }

        /// The first `rank` rows of A and columns of B; in a frozen-mode training step only the
        /// last gets a gradient.
        func factors() -> (a: Tensor, b: Tensor) {
            let k = rank
            let detach = frozen && isTraining && k > 1
            if k == a.shape[0] && !detach { return (a, b) }  // the full rank needs no copies
            var (ak, bk) = (a.slice(axis: 0, 0..<k), b.slice(axis: 1, 0..<k))
            if detach {
                ak = Tensor.concat([a.slice(axis: 0, 0..<(k - 1)).detached(), a.slice(axis: 0, (k - 1)..<k)], axis: 0)
                bk = Tensor.concat([b.slice(axis: 1, 0..<(k - 1)).detached(), b.slice(axis: 1, (k - 1)..<k)], axis: 1)
            }
            return (ak, bk)
        }

        public func callAsFunction(_ x: Tensor, base: Linear) -> Tensor {
            let (ak, bk) = factors()
            return x.linear(weight: base.weight, bias: base.bias, lowRankA: ak, b: bk, scale: alpha / Float(rank))
        }

        public func mergedWeight(_ base: Linear) -> Tensor {
            let (ak, bk) = factors()
            return base.weight + bk.matmul(ak) * (alpha / Float(rank))
        }
    }
}

extension DyLoRA: PEFTExportable {
    /// At its deployed rank b, a plain LoRA of rank b with lora_alpha = α (scale α/b).
    public func peftExport(_ model: Module) throws -> (tensors: [String: Tensor], config: [String: PEFTConfigValue]) {
        let found = hooks(model, Hook.self)
        var tensors: [String: Tensor] = [:]
        for (path, _, h) in found {
            let (ak, bk) = withoutGrad { h.factors() }
            tensors[peftKey(path, "lora_A.weight")] = ak
            tensors[peftKey(path, "lora_B.weight")] = bk
        }
        let rank = found.first?.hook.rank ?? options.rank
        return (tensors, loraConfig(rank: rank, alpha: Double(options.alpha), paths: found.map(\.path)))
    }
}
