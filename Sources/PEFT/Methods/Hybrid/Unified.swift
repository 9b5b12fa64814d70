// The unified view of PEFT as one configurable modification Δh = W_up f(W_down x + b_d) + b_u of
// a hidden representation h, along He et al.'s design dimensions (2110.04366 Table 1):
//   function f (`act`): relu (adapters), identity (LoRA's linear form), or gelu / swish / tanh;
//   insertion:        sequential (x = h, the site's own output) or parallel (x = the site's input);
//   representation:   the attention or the FFN sublayer's output (`site=attn|ffn|both`), or the
//                     output of square block Linears (`site=weights`, `targets=q,v`: LoRA's place);
//   composition:      h + Δh (add), h + sΔh (a fixed s: scale), or h + sΔh with s trainable (learned).
// W_up and b_u start at 0, so step 0 is the base; `bias=false` freezes both biases at 0.
// Points: sequential relu ffn add = pfeiffer; the same at attn and ffn with swish = houlsby;
// parallel relu ffn scale s = parallel s (the paper's recommended FFN point at s = 4, the default);
// learned at s = 1 = scaled-parallel; identity parallel weights scale s = α/r without biases = lora
// (each tested equal). A suite sweeps the space (suites/unified.toml).
// He et al. 2021, arXiv 2110.04366. Trainable: (2dm + m + d) per site (2dm without biases),
// + 1 per site for a learned s.

import NN
import Tensor

public final class Unified: PEFTMethod {
    public static let name = "unified"
    public static let family = Family.hybrid
    public static let paper = "2110.04366"
    public static let formula =
        "(2dm + m + d) per site, 2dm without biases, + 1 with a learned s; defaults (2dm + m + d)L"
    public static func expectedTrainable(_ s: BackboneShape) -> Int { s.L * (2 * s.d * 8 + 8 + s.d) }
    public static let mergeable = false
    public static let departures = [
        "No gated composition (1 − λ)h + λΔh: He et al. derive it from prefix tuning, where λ is the attention mass on the prefix, so that point is `prefix-tuning`; a free gate would not start at the base",
        "No multi-head representation (the per-head parallel adapter) and one Δh per run: MAM and UniPELT combine several modules and stay their own methods",
        "The linear parallel form at the weights (LoRA's point) is not merged, though it could be: mergeability is declared per method, and the other points do not merge",
    ]
    let options: AdapterOptions
    let insertion: String, site: String, composition: String
    let scale: Float
    let bias: Bool
    let targets: [String]

    public init(_ options: Options) throws {
        self.options = try AdapterOptions(options, bottleneck: 8, activation: .relu)
        insertion = try options.choice("insertion", default: "parallel", among: ["parallel", "sequential"])
        site = try options.choice("site", default: "ffn", among: ["ffn", "attn", "both", "weights"])
        composition = try options.choice("composition", default: "scale", among: ["add", "scale", "learned"])
        if composition == "add", let s = options.given("s") {
            throw MethodError.invalidOption(
                method: Self.name, key: "s", value: s, expected: "no s with composition=add (h + Δh has no scale)")
        }
        scale = try options.float("s", default: 4, in: -1_000...1_000)
        bias = try options.bool("bias", default: true)
        targets = try Targets.parse(options, default: ["q", "v"])
        try options.finish()
    }

    var placement: BottleneckAdapter.Placement {
        let reads: BottleneckAdapter.Placement.Reads = insertion == "parallel" ? .input : .output
        return switch composition {
        case "add": .init(reads: reads, scale: .fixed(1))
        case "scale": .init(reads: reads, scale: .fixed(scale))
        default: .init(reads: reads, scale: .learned(initial: scale))
        }
    }

    public func apply(to model: Module, seed: UInt64) throws {
        model.freeze()
        let m = options.bottleneck
        if site == "weights" {
            try attachWeightSites(model, seed: seed)
        } else {
            let sites: [KeyPath<Block, any AdapterSite>] =
                site == "ffn" ? [\.mlpSite] : site == "attn" ? [\.attnSite] : [\.attnSite, \.mlpSite]
            try options.attach(model, method: Self.name, sites: sites, seed: seed, placement: placement) {
                DenseBottleneck(dim: $0, bottleneck: m, rng: &$1)
            }
        }
        if !bias {
            for case let adapter as BottleneckAdapter in model.namedModules().map(\.module) {
                adapter.downBias.requiresGrad = false
                adapter.upBias.requiresGrad = false
            }
        }
    }

    /// Δh on the outputs of the target Linears (square: d → d), reading their input (parallel)
    /// or their output (sequential).
    func attachWeightSites(_ model: Module, seed: UInt64) throws {
        var rng = RNG(seed: seed)
        let (m, placement, activation) = (options.bottleneck, placement, options.activation)
        try attachLinearHooks(model, targets: targets, method: Self.name) { linear in
            let d = linear.inFeatures
            guard linear.outFeatures == d else {
                throw MethodError.unsupported(
                    method: Self.name,
                    reason: "a weight site must map d to d; this Linear maps \(d) to \(linear.outFeatures)")
            }
            try options.checkBottleneck(width: d, method: Self.name)
            return WeightSite(
                BottleneckAdapter(
                    weights: DenseBottleneck(dim: d, bottleneck: m, rng: &rng), dim: d, bottleneck: m,
                    activation: activation, placement: placement))
        }
    }

    /// A bottleneck adapter around one Linear: y = adapter(input: x, output: W₀x + b).
    final class WeightSite: Module, LinearHook {
        let adapter: BottleneckAdapter
        init(_ adapter: BottleneckAdapter) { self.adapter = adapter }
        func callAsFunction(_ x: Tensor, base: Linear) -> Tensor { adapter(input: x, output: base.forward(x)) }
    }
}
