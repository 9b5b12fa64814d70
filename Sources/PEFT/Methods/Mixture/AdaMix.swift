// AdaMix (mixture of adaptations): each block's serial adapter after the MLP (Pfeiffer's place)
// has M copies ("experts") of its down projection and, unless shared, of its up projection:
// h ← h + U_j act(D_i h + b_i) + c_j. Training routes stochastically: every forward pass draws
// i and j uniformly per adapter (no router, so nothing to balance), and each batch runs twice
// with the symmetrized KL between the two passes' predictions added to the first pass's loss
// (consistency, weight λ; `PEFTMethod.consistency`). Evaluation, export and storage use the
// experts averaged into one adapter, D̄ = mean Dᵢ, b̄ = mean bᵢ, Ū, c̄ likewise ("adaptation
// merging"), so the deployed adapter costs what one Pfeiffer adapter costs.
// Wang et al. 2022, arXiv 2205.12410.
// Trainable while training: per block M_d(dm + m) + M_u(dm + d); defaults M = 4, m = 8 and a
// shared up projection (M_u = 1, the paper's recipe): (41d + 32)L. Stored: (2dm + m + d)L.

import NN
import Tensor

public final class AdaMix: PEFTMethod {
    public static let name = "adamix"
    public static let family = Family.mixture
    public static let paper = "2205.12410"
    public static let formula =
        "training M_d(dm + m) + M_u(dm + d) per block (M = 4, shared up: (41d + 32)L); stored (2dm + m + d)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (4 * (s.d * 8 + 8) + s.d * 8 + s.d) }
    public static let mergeable = false
    public static let departures = [
        "The experts start as copies of one adapter with W_up = 0, so step 0 is the base (the paper's code copies one nn.Linear pair at PyTorch's default init)",
        "m = 8 as the other adapters here (the paper's recipes use 16 and 48); one adapter per block after the MLP with GELU and a shared up projection, as the released recipe (`sharing_up=1`)",
        "total_params counts all M experts, as the model is held while training; adapter_bytes is the one averaged adapter that is deployed",
        "On digits-ddpm the consistency term is the mean squared difference of the two noise estimates (no class distributions to compare), with gradients into both passes",
    ]
    let options: AdapterOptions
    let experts: Int
    let share: String
    public let consistency: Float
    var expertTensors: [Tensor] = []

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .gelu)
        experts = try options.int("experts", default: 4, in: 1...64)
        share = try options.choice("share", default: "up", among: ["up", "down", "none"])
        consistency = try options.float("consistency", default: 1, in: 0...1_000)
        try options.finish()
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        var picks = RNG(seed: seed ^ 0xADA)
        let (downs, ups) = (share == "down" ? 1 : experts, share == "up" ? 1 : experts)
        try options.attach(
            model, method: Self.name, sites: [\.mlpSite], seed: seed, placement: .serial,
            wrap: { prototype, _ in
                ExpertSoup(prototype, downs: downs, ups: ups, seed: picks.next())
            }
        ) { DenseBottleneck(dim: $0, bottleneck: options.bottleneck, rng: &$1) }
        expertTensors = model.namedModules().compactMap { $0.module as? ExpertSoup }.flatMap {
            $0.wDowns + $0.downBiases + $0.wUps + $0.upBiases
        }
    }

    /// Experts not drawn this step get a zero gradient, as in the paper's code (PyTorch's
    /// zero_grad zeroed gradients then): every expert takes an AdamW step each step, its moments
    /// decaying, so its bias correction counts the steps it really took. Without a gradient
    /// AdamW would skip it yet correct its moments by the global step count.
    public func afterBackward(_ step: Int, total: Int) {
        for t in expertTensors where t.grad == nil { t.grad = .zeros(t.shape) }
    }

    /// The averaged adapters under the names a Pfeiffer adapter's tensors have there
    /// (`….mlp.adapter.weights.wDown`, …), so a Pfeiffer model loads them.
    public func storedTensors(_ model: Module) -> [String: Tensor]? {
        var out: [String: Tensor] = [:]
        for (name, module) in model.namedModules() {
            guard let soup = module as? ExpertSoup else { continue }
            let (wDown, bDown, wUp, bUp) = withoutGrad { soup.averaged() }
            out[name + ".weights.wDown"] = wDown
            out[name + ".downBias"] = bDown
            out[name + ".weights.wUp"] = wUp
            out[name + ".upBias"] = bUp
        }
        return out
    }

    /// One adapter's experts: down projections (m, d) with biases (m), up projections (d, m)
    /// with biases (d).
    final class ExpertSoup: Module, SublayerAdapter {
        let wDowns: [Tensor], downBiases: [Tensor]
        let wUps: [Tensor], upBiases: [Tensor]
        let activation: Activation
        private var _picks: RNG

        init(_ prototype: BottleneckAdapter, downs: Int, ups: Int, seed: UInt64) {
            func copies(_ t: Tensor, _ n: Int) -> [Tensor] {
                (0..<n).map { _ in Tensor(t.values, shape: t.shape, requiresGrad: true) }
            }
            wDowns = copies(prototype.weights.down(), downs)
            downBiases = copies(prototype.downBias, downs)
            wUps = copies(prototype.weights.up(), ups)
            upBiases = copies(prototype.upBias, ups)
            activation = prototype.activation
            _picks = RNG(seed: seed)
        }

        /// The experts in use: one drawn at random per projection while training, the average otherwise.
        func current() -> (wDown: Tensor, bDown: Tensor, wUp: Tensor, bUp: Tensor) {
            guard isTraining else { return averaged() }
            let (i, j) = (Int(_picks.next() % UInt64(wDowns.count)), Int(_picks.next() % UInt64(wUps.count)))
            return (wDowns[i], downBiases[i], wUps[j], upBiases[j])
        }

        /// The adapter merging: every projection and bias averaged over its experts.
        func averaged() -> (wDown: Tensor, bDown: Tensor, wUp: Tensor, bUp: Tensor) {
            func mean(_ ts: [Tensor]) -> Tensor {
                ts.count == 1 ? ts[0] : ts.dropFirst().reduce(ts[0], +) * (1 / Float(ts.count))
            }
            return (mean(wDowns), mean(downBiases), mean(wUps), mean(upBiases))
        }

        /// Serial: h (…, d) ← h + U act(D h + b) + c.
        func callAsFunction(input: Tensor, output h: Tensor) -> Tensor {
            let e = current()
            return h
                + BottleneckAdapter.delta(
                    h, down: e.wDown, downBias: e.bDown, up: e.wUp, upBias: e.bUp, activation: activation)
        }
    }
}
