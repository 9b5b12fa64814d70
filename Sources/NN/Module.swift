// Module: a layer or model whose parameters are found by walking its stored properties with Mirror
// (as mlx-swift and tinygrad do). Names are property paths, "blocks.0.attn.q.weight". The walk
// knows three shapes: a Tensor (a parameter), a Module (recurse), an array of either (".i").
// Optionals need no case of their own: the dynamic casts look inside them, so `hook` is found when
// set. Properties whose name starts with "_" are skipped (caches, frozen helpers that are not
// parameters). A tensor reachable twice (VeRA's shared matrices) is listed once, under its first name.
//
// Freezing is the tensor's own `requiresGrad` flag; there is no second list to keep in sync.

import Tensor

open class Module {
    public init() {}

    /// The parameter-name pattern of the model's output layer (the classifier or projection a task
    /// trains as its head, e.g. "head.*"). Methods that adapt "the backbone" (diff pruning,
    /// FishMask, BitFit) leave it to the runner, whatever the backbone calls it. nil: none.
    open var outputLayerPattern: String? { nil }

    /// Every parameter with its dotted name, in declaration order, each tensor once.
    public final func namedParameters() -> [(name: String, tensor: Tensor)] {
        var out: [(String, Tensor)] = []
        var seen = Set<ObjectIdentifier>()
        visit(prefix: "") { name, t in
            if seen.insert(ObjectIdentifier(t)).inserted { out.append((name, t)) }
        }
        return out
    }

    /// Every sub-module with its dotted name ("" for self), depth first.
    public final func namedModules() -> [(name: String, module: Module)] {
        var out: [(String, Module)] = [("", self)]
        for (label, value) in children() {
            for m in modules(in: value) {
                out += m.module.namedModules().map { (join(join(label, m.suffix), $0.name), $0.module) }
            }
        }
        return out
    }

    /// Parameters the optimizer updates.
    public final func trainableParameters() -> [(name: String, tensor: Tensor)] {
        namedParameters().filter { $0.tensor.requiresGrad }
    }

    public final var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.tensor.count } }
    public final var trainableCount: Int { trainableParameters().reduce(0) { $0 + $1.tensor.count } }

    /// Freezes the parameters whose name matches `pattern` (glob: `*` any text, `?` one character),
    /// or all of them. Returns how many tensors matched.
    @discardableResult
    public final func freeze(_ pattern: String = "*") -> Int { setTrainable(false, pattern) }

    /// Unfreezes the parameters whose name matches `pattern`. Returns how many tensors matched.
    @discardableResult
    public final func unfreeze(_ pattern: String = "*") -> Int { setTrainable(true, pattern) }

    private func setTrainable(_ on: Bool, _ pattern: String) -> Int {
        var n = 0
        for (name, t) in namedParameters() where glob(pattern, name) {
            t.requiresGrad = on
            n += 1
        }
        return n
    }

    /// Training mode (dropout active) for this module and everything below it.
    public final func train(_ on: Bool = true) {
        for (_, m) in namedModules() { m.isTraining = on }
    }
    public var isTraining = false

    // MARK: - The walk

    private func children() -> [(String, Any)] {
        var out: [(String, Any)] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        var chain: [Mirror] = []
        while let m = mirror { chain.append(m); mirror = m.superclassMirror }
        for m in chain.reversed() {
            for child in m.children {
                guard let label = child.label, !label.hasPrefix("_") else { continue }
                out.append((label, child.value))
            }
        }
        return out
    }

    private func modules(in value: Any) -> [(suffix: String, module: Module)] {
        if let m = value as? Module { return [("", m)] }
        if let list = value as? [Module] { return list.enumerated().map { ("\($0.offset)", $0.element) } }
        return []
    }

    private func visit(prefix: String, _ body: (String, Tensor) -> Void) {
        for (label, value) in children() {
            let name = join(prefix, label)
            if let t = value as? Tensor {
                body(name, t)
            } else if let list = value as? [Tensor] {
                for (i, t) in list.enumerated() { body("\(name).\(i)", t) }
            } else {
                for m in modules(in: value) { m.module.visit(prefix: join(name, m.suffix), body) }
            }
        }
    }
}

private func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : b.isEmpty ? a : a + "." + b }

/// Shell-style matching: `*` matches any run of characters (dots included), `?` one character.
public func glob(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.utf8), t = Array(text.utf8)
    var (pi, ti) = (0, 0)
    var star = -1, mark = 0
    while ti < t.count {
        if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
            pi += 1; ti += 1
        } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
            star = pi; mark = ti; pi += 1
        } else if star >= 0 {
            pi = star + 1; mark += 1; ti = mark
        } else {
            return false
        }
    }
    while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
    return pi == p.count
}
