// The method contract, over the whole registry and all four backbones (one-block versions):
// only trainable tensors change (and the frozen ones a method declares it rewrites); step 0 is the base output as the method declares (`stepZero`); merged = unmerged; finite-difference gradients of the method's own tensors; saving the
// trained tensors and loading them into a model built with another seed reproduces the outputs.

import Models
import NN
import PEFT
import Tensor
import TestSupport
import Testing

/// Every (method, backbone) pair.
let cases: [(String, BackboneKind)] = allMethods.flatMap { m in BackboneKind.allCases.map { (m.name, $0) } }

/// A tiny model with the method applied, and the base model's output before applying it.
func adapted(_ name: String, _ kind: BackboneKind, seed: UInt64 = 1) throws -> (Module, any PEFTMethod, base: [Float]) {
    let model = Tiny.model(kind, seed: 0)
    let base = withoutGrad { Tiny.output(model).values }
    let method = try makeMethod(name)
    if let sources = try Tiny.sources(for: method, kind) { try method.use(sources: sources) }  // multi-task methods
    try method.apply(to: model, seed: seed)
    try method.prepare(model, exampleCount: 4) { Tiny.loss(model, seed: UInt64($0)) }
    return (model, method, base)
}

/// A few AdamW steps on the tiny loss (enough for zero-initialised factors to move).
func train(_ model: Module, _ method: any PEFTMethod, steps: Int = 3, lr: Float = 1e-2) {
    let params = model.trainableParameters().map(\.tensor)
    guard !params.isEmpty else { return }
    let opt = AdamW(
        (method.parameterGroups(model, weightDecay: 0) ?? [ParameterGroup(params)]).map { $0.resolved(runPeak: lr) })
    for step in 0..<steps {
        var loss = Tiny.loss(model)
        if let r = method.regularizer() { loss = loss + r }
        loss.backward()
        method.afterBackward(step, total: steps)
        opt.step(lr: lr)
        method.afterStep(step, total: steps)
        opt.restart(method.restartedTensors(after: step, total: steps))
    }
}

@Suite struct MethodContractTests {
    @Test(arguments: cases) func onlyTrainableTensorsChange(_ name: String, _ kind: BackboneKind) throws {
        let (model, method, _) = try adapted(name, kind)
        let before = model.namedParameters().map { ($0.name, $0.tensor.values, $0.tensor) }
        train(model, method)
        let after = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.tensor.values) })
        let rewritten = Set(method.rewrittenTensors(model))
        // Trainable as training ended, which is what the runner stores (FAR freezes most of each
        // MLP after priming and switches its deltas on).
        for (n, old, tensor) in before {
            let trainable = tensor.requiresGrad
            let mask = method.trainableMask(tensor)  // read after training: diff pruning chooses it at the end
            if let mask {  // masked methods: entries outside the mask never change
                let moved = zip(old, after[n]!).map { $0 != $1 }
                #expect(zip(moved, mask).allSatisfy { !$0 || $1 }, "\(name) on \(kind): \(n) changed outside its mask")
                #expect(moved.contains(true) == mask.contains(true), "\(name) on \(kind): \(n)")
            } else if rewritten.contains(n) {  // frozen, moved by the method itself
                #expect(!trainable && after[n]! != old, "\(name) on \(kind): \(n) is rewritten")
            } else {
                #expect((after[n]! != old) == trainable, "\(name) on \(kind): \(n) trainable=\(trainable)")
            }
        }
    }

    @Test(arguments: cases) func zeroInitialisedUpdateStartsAtTheBase(_ name: String, _ kind: BackboneKind) throws {
        let (model, method, base) = try adapted(name, kind)
        let start = type(of: method).stepZero
        guard start != .changedSequence, start != .sidePrediction, start != .fromSources else { return }
        let out = withoutGrad { Tiny.output(model).values }
        if start == .dequantizedBase || start == .closerThanQuantized {  // the base with the quantized weights
            let dequantized = Tiny.model(kind, seed: 0)
            let weights = Dictionary(
                uniqueKeysWithValues: model.namedModules().compactMap { path, m -> (String, Tensor)? in
                    guard let q = (m as? Linear)?.hook as? any QuantizedWeights else { return nil }
                    return (path, q.dequantizedBase())
                })
            #expect(!weights.isEmpty, "\(name) on \(kind): no quantized weights")
            for (path, m) in dequantized.namedModules() {
                if let l = m as? Linear, let w = weights[path] { l.weight.assign(w) }
            }
            let reference = withoutGrad { Tiny.output(dequantized).values }
            if start == .dequantizedBase {
                #expect(maxAbsDiff(out, reference) < 1e-5, "\(name) on \(kind)")
            } else {
                #expect(maxAbsDiff(out, base) < maxAbsDiff(reference, base), "\(name) on \(kind)")
            }
        } else if start == .baseWithinRounding {
            #expect(maxAbsDiff(out, base) < 1e-4, "\(name) on \(kind)")
        } else if start == .perturbedBase {
            let scale = base.map(Swift.abs).max() ?? 1
            #expect(out != base && maxAbsDiff(out, base) < 0.2 * Swift.max(1, scale), "\(name) on \(kind)")
        } else {
            #expect(out == base, "\(name) on \(kind)")
        }
    }

    @Test(arguments: cases) func mergedEqualsUnmerged(_ name: String, _ kind: BackboneKind) throws {
        let (model, method, _) = try adapted(name, kind)
        train(model, method)
        let unmerged = withoutGrad { Tiny.output(model).values }
        guard type(of: method).mergeable else {
            #expect(throws: MethodError.notMergeable(name)) { try method.merge(model) }
            return
        }
        try method.merge(model)
        let merged = withoutGrad { Tiny.output(model).values }
        #expect(maxAbsDiff(merged, unmerged) < 1e-4, "\(name) on \(kind)")
        let hooks = model.namedModules().filter {
            ($0.module as? Linear)?.hook != nil || ($0.module as? LayerNorm)?.hook != nil
        }
        #expect(hooks.isEmpty, "\(name): hooks left after merging: \(hooks.map(\.name))")
        try method.merge(model)  // merging again changes nothing
        #expect(withoutGrad { Tiny.output(model).values } == merged)
    }

    @Test(arguments: cases) func gradientsOfTheMethodsTensors(_ name: String, _ kind: BackboneKind) throws {
        let (model, method, _) = try adapted(name, kind)
        guard type(of: method).exactGradients else { return }  // its own test checks the detached gradient
        train(model, method)  // move zero-initialised factors so every path has a gradient
        let own = model.trainableParameters().filter { !$0.name.hasPrefix("head.") }.map(\.tensor)
        // A difference step can straddle a ReLU kink, and a scale on a whole matrix (BitDelta's α)
        // curves the loss within 1e-2: an entry fails only if it fails at three step sizes.
        var failures = gradCheck(own, eps: 1e-2, atol: 3e-3, rtol: 5e-2, maxPerInput: 6) { Tiny.loss(model) }
        for eps: Float in [2e-3, 3e-4] where !failures.isEmpty {
            let again = gradCheck(own, eps: eps, atol: 3e-3, rtol: 5e-2, maxPerInput: 6) { Tiny.loss(model) }
            failures = failures.filter { line in
                again.contains { $0.prefix(while: { $0 != ":" }) == line.prefix(while: { $0 != ":" }) }
            }
        }
        #expect(failures.isEmpty, "\(name) on \(kind): \(failures.prefix(3))")
    }

    @Test(arguments: cases) func savedTensorsReproduceTheOutputs(_ name: String, _ kind: BackboneKind) throws {
        let (model, method, _) = try adapted(name, kind, seed: 1)
        train(model, method)
        let rewritten = Set(method.rewrittenTensors(model))
        let kept = model.namedParameters().filter { $0.tensor.requiresGrad || rewritten.contains($0.name) }
        let saved = try Safetensors.decode(
            Safetensors.encode(Dictionary(uniqueKeysWithValues: kept.map { ($0.name, $0.tensor) }))
        ).tensors
        let (fresh, _, _) = try adapted(name, kind, seed: 2)
        try fresh.load(saved, strict: false)
        #expect(
            withoutGrad { Tiny.output(fresh).values } == withoutGrad { Tiny.output(model).values }, "\(name) on \(kind)"
        )
    }
}
