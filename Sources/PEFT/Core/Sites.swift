// Where methods attach: the transformer blocks, their Linears by target name, their norms, the
// attention prefix and the prompt site. Targets are the six block Linears (`q k v o up down`) or
// the groups `attention` (q,k,v,o), `mlp` (up,down) and `all-linear`; the embedding, patch, time,
// head and output layers are never targets.

import NN
import Tensor

public enum Targets {
    public static let linears = ["q", "k", "v", "o", "up", "down"]
    public static let names = linears + ["attention", "mlp", "all-linear"]

    /// Reads a `targets` option (default `value`), each item checked against `names`.
    public static func parse(_ options: Options, default value: [String]) throws -> [String] {
        let items = try options.list("targets", default: value, among: names)
        var out: [String] = []
        for item in items {
            let expanded =
                switch item {
                case "attention": ["q", "k", "v", "o"]
                case "mlp": ["up", "down"]
                case "all-linear": linears
                default: [item]
                }
            for e in expanded where !out.contains(e) { out.append(e) }
        }
        return out
    }
}

extension Module {
    /// The transformer blocks, in order.
    public var transformerBlocks: [Block] { namedModules().compactMap { $0.module as? Block } }

    /// The block Linears named by `targets` (already expanded), with their dotted names.
    public func targetLinears(_ targets: [String]) -> [(name: String, linear: Linear)] {
        namedModules().compactMap { name, module in
            guard name.hasPrefix("blocks."), let linear = module as? Linear,
                let last = name.split(separator: ".").last, targets.contains(String(last))
            else { return nil }
            return (name, linear)
        }
    }

    /// The model's prompt site, or `unsupported`.
    func promptSite(for method: String) throws -> any PromptSite {
        guard let site = self as? any PromptSite else {
            throw MethodError.unsupported(method: method, reason: "the model has no prompt-token site")
        }
        return site
    }

    /// The prompt-token site, which must not hold a prompt yet (prompt tuning, P-tuning).
    func emptyPromptSite(for method: String) throws -> any PromptSite {
        let site = try promptSite(for: method)
        guard site.prompt == nil else {
            throw MethodError.unsupported(method: method, reason: "the model already has a prompt")
        }
        return site
    }

    /// Every tensor of the transformer blocks (weights, biases, norms), in block order.
    func blockTensors(for method: String) throws -> [Tensor] {
        try requireBlocks(for: method).flatMap { $0.namedParameters().map(\.tensor) }
    }

    /// The blocks' width d, or `unsupported` if there are no blocks.
    func requireWidth(for method: String) throws -> Int {
        _ = try requireBlocks(for: method)
        return blockWidth
    }

    /// The blocks, or `unsupported` if there are none.
    func requireBlocks(for method: String) throws -> [Block] {
        let b = transformerBlocks
        guard !b.isEmpty else {
            throw MethodError.unsupported(method: method, reason: "the model has no transformer blocks")
        }
        return b
    }
}

/// Attaches `make(linear)` as the hook of each target Linear; a Linear that already has a hook
/// (another method) is an error rather than a silent replacement.
func attachLinearHooks(
    _ model: Module, targets: [String], method: String,
    _ make: (Linear) throws -> any LinearHook
) throws {
    let sites = model.targetLinears(targets)
    guard !sites.isEmpty else {
        throw MethodError.unsupported(
            method: method, reason: "no Linear named \(targets.joined(separator: ", ")) in the blocks")
    }
    for (name, linear) in sites {
        guard linear.hook == nil else {
            throw MethodError.unsupported(method: method, reason: "\(name) already has a hook")
        }
        linear.hook = try make(linear)
    }
}
