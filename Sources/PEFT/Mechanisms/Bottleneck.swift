// The bottleneck adapter shared by Houlsby, Pfeiffer, the parallel adapter and (with PHM
// weights) Compacter:  Δ = W_up act(W_down h + b_d) + b_u,  W_down (m, d), W_up (d, m).
// W_up and both biases start at 0, so an adapter is the identity at step 0 (yet W_up gets a
// gradient, because act(W_down h) ≠ 0). Serial adapters read the sublayer's output and return
// output + Δ; parallel ones read its input and return output + s·Δ, s fixed or (scaled-parallel)
// one trainable scalar per adapter.

import Foundation
import NN
import Tensor

public enum Activation: String, CaseIterable, Sendable {
    case relu, gelu, swish, tanh, identity
    func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .swish: x.silu()
        case .tanh: x.tanh()
        case .identity: x
        }
    }
    static func parse(_ options: Options, default value: Activation) throws -> Activation {
        Activation(rawValue: try options.choice("act", default: value.rawValue, among: allCases.map(\.rawValue)))!
    }
}

/// The down and up projections; plain (dense) or built from shared PHM factors (Compacter).
public protocol BottleneckWeights: Module {
    func down() -> Tensor  // (m, d)
    func up() -> Tensor  // (d, m)
}

/// Dense projections: W_down Kaiming-uniform (bound 1/√d), W_up zero (or both normal).
public final class DenseBottleneck: Module, BottleneckWeights {
    public let wDown: Tensor, wUp: Tensor
    init(dim: Int, bottleneck m: Int, rng: inout RNG) {
        let bound = 1 / Float(dim).squareRoot()
        wDown = .uniform([m, dim], -bound, bound, rng: &rng, requiresGrad: true)
        wUp = .zeros([dim, m], requiresGrad: true)
    }

    /// Both projections N(0, std²), AdapterHub's "bert" init (SparseAdapter: its pruning score
    /// |g ⊙ W| would be 0 on a zero W_up).
    init(dim: Int, bottleneck m: Int, std: Float, rng: inout RNG) {
        wDown = .randn([m, dim], std: std, rng: &rng, requiresGrad: true)
        wUp = .randn([dim, m], std: std, rng: &rng, requiresGrad: true)
    }
    public func down() -> Tensor { wDown }
    public func up() -> Tensor { wUp }
}

public final class BottleneckAdapter: Module, SublayerAdapter {
    /// He et al.'s insertion × composition (2110.04366 Table 1): what the adapter reads (the
    /// sublayer's output: sequential; its input: parallel) and how Δ joins the output (s = 1:
    /// added; a fixed s; or s trainable).
    public struct Placement: Sendable {
        public enum Reads: Sendable { case output, input }
        public enum Scale: Sendable { case fixed(Float), learned(initial: Float) }
        let reads: Reads
        let scale: Scale
        public init(reads: Reads, scale: Scale) {
            self.reads = reads
            self.scale = scale
        }
        public static let serial = Placement(reads: .output, scale: .fixed(1))
        public static func parallel(scale s: Float) -> Placement { Placement(reads: .input, scale: .fixed(s)) }
        public static func learnedParallel(initial s: Float) -> Placement {
            Placement(reads: .input, scale: .learned(initial: s))
        }
    }
    public let weights: any BottleneckWeights
    public let downBias: Tensor  // (m)
    public let upBias: Tensor  // (d)
    /// The trainable s of a learned-scale parallel adapter, (1); nil otherwise.
    public let scale: Tensor?
    let activation: Activation
    let placement: Placement

    init(weights: any BottleneckWeights, dim: Int, bottleneck m: Int, activation: Activation, placement: Placement) {
        self.weights = weights
        downBias = .zeros([m], requiresGrad: true)
        upBias = .zeros([dim], requiresGrad: true)
        self.activation = activation
        self.placement = placement
        if case let .learned(s) = placement.scale {
            scale = Tensor([s], shape: [1], requiresGrad: true)
        } else {
            scale = nil
        }
    }

    /// h (…, d) → Δ (…, d).
    func delta(_ h: Tensor) -> Tensor {
        Self.delta(
            h, down: weights.down(), downBias: downBias, up: weights.up(), upBias: upBias, activation: activation)
    }

    /// W_up act(W_down h + b_d) + b_u for given projections (AdaMix passes the experts in use).
    static func delta(
        _ h: Tensor, down: Tensor, downBias: Tensor, up: Tensor, upBias: Tensor, activation: Activation
    ) -> Tensor {
        activation(h.linear(weight: down, bias: downBias)).linear(weight: up, bias: upBias)
    }

    public func callAsFunction(input: Tensor, output: Tensor) -> Tensor {
        let d = delta(placement.reads == .input ? input : output)
        return switch placement.scale {
        case let .fixed(s): output + (s == 1 ? d : d * s)
        case .learned: output + d * scale!
        }
    }
}

/// Options shared by the adapter methods, with each method's defaults.
struct AdapterOptions {
    let bottleneck: Int
    let activation: Activation
    init(_ options: Options, bottleneck m: Int, activation: Activation) throws {
        bottleneck = try options.int("m", default: m, in: 1...100_000)
        self.activation = try Activation.parse(options, default: activation)
    }

    /// m must fit the width it projects from.
    func checkBottleneck(width d: Int, method: String) throws {
        guard bottleneck <= d else {
            throw MethodError.invalidOption(
                method: method, key: "m", value: "\(bottleneck)", expected: "an integer in 1…\(d) (the model width)")
        }
    }

    /// Attaches one adapter per block at each of `sites` (attention, MLP), checking m against the
    /// width. The caller has frozen the model (methods freeze once, then attach all their parts).
    func attach(
        _ model: Module, method: String, sites: [KeyPath<Block, any AdapterSite>], seed: UInt64,
        placement: BottleneckAdapter.Placement,
        wrap: (BottleneckAdapter, _ dim: Int) -> any SublayerAdapter = { a, _ in a },
        weights: (_ dim: Int, _ rng: inout RNG) -> any BottleneckWeights
    ) throws {
        let blocks = try model.requireBlocks(for: method)
        var rng = RNG(seed: seed)
        for block in blocks {
            let d = block.ln1.weight.count
            try checkBottleneck(width: d, method: method)
            for site in sites {
                let s = block[keyPath: site]
                guard s.adapter == nil else {
                    throw MethodError.unsupported(method: method, reason: "a sublayer already has an adapter")
                }
                s.adapter = wrap(
                    BottleneckAdapter(
                        weights: weights(d, &rng), dim: d, bottleneck: bottleneck,
                        activation: activation, placement: placement), d)
            }
        }
    }
}

/// Attention and MLP both carry an `adapter` site.
public protocol AdapterSite: AnyObject {
    var adapter: (any SublayerAdapter)? { get set }
}
extension Attention: AdapterSite {}
extension MLP: AdapterSite {}

extension Block {
    var attnSite: any AdapterSite { attn }
    var mlpSite: any AdapterSite { mlp }
}
