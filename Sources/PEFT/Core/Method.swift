// The method protocol. A method declares its registry name, family, paper and trainable-count
// formula; parses and validates its options; and `apply(to:)` freezes the base model and attaches
// trainable tensors at the sites the backbones expose (Linear and LayerNorm hooks, sublayer
// adapters, attention prefixes, prompt tokens, or the base tensors themselves for selective
// methods). Mergeable methods fold themselves into plain weights. Methods that adjust themselves
// during training get the optional hooks below, so the runner has no special cases.

import NN
import Tensor

/// The survey families (2504.14117 §3, 2410.19878 §II); `mixture` is 2504.14117's MoE-based PEFT,
/// `multitask` 2410.19878's multi-task PEFT (methods that learn from a group of tasks).
public enum Family: String, CaseIterable, Sendable {
    case baseline, selective, adapter, prompt, scaling, reparameterized, hybrid, quantized, mixture, multitask
}

public protocol PEFTMethod: AnyObject, SendableMetatype {
    /// Registry name used in suites, the CLI and the CSV: "lora".
    static var name: String { get }
    static var family: Family { get }
    /// arXiv id of the primary paper ("—" for the baselines).
    static var paper: String { get }
    /// Trainable parameters as text, for the tables (d width, L blocks, r rank, …).
    static var formula: String { get }
    /// Whether `merge(_:)` folds the method into plain weights.
    static var mergeable: Bool { get }
    /// Whether the task head trains along with the method (false only for `frozen`).
    static var trainsHead: Bool { get }
    /// Multiplier on the task's learning rate (which is tuned for full fine-tuning). Methods that
    /// train few, freshly initialised tensors need a larger rate; 5 unless a method says otherwise.
    static var lrScale: Float { get }
    /// Where the method departs on purpose from its paper or from HF PEFT, each with its reason
    /// (`peftbench methods --departures`, docs/METHODS.md). Empty: none we know of.
    static var departures: [String] { get }
    /// Whether backward is the exact gradient of forward (false where a term is deliberately
    /// detached, as DoRA's norm): the contract's finite-difference check applies only then, and
    /// the method's own tests check its gradient against the detached reference.
    static var exactGradients: Bool { get }
    /// How step 0 relates to the base model (the contract test checks it).
    static var stepZero: StepZero { get }
    /// Trainable parameters with default options on a backbone of `shape`, the task head left
    /// out: the method's formula as code (the contract test holds the measured count to it).
    static func expectedTrainable(_ shape: BackboneShape) -> Int
    /// The option holding a rank that must fit every targeted layer ("r"), if the method has one.
    static var rankOption: String? { get }

    /// Parses options; an unknown key or a bad value throws an error naming it.
    init(_ options: Options) throws
    /// Freezes `model` and attaches the method's trainable tensors (seeded by `seed`). Throws
    /// `unsupported` when the model has no site for the method, and option errors that depend
    /// on the model (a rank above a layer's size).
    func apply(to model: Module, seed: UInt64) throws
    /// Folds the method into the base weights and detaches it (mergeable methods only).
    func merge(_ model: Module) throws

    /// Called once after `apply` and before training, with a loss per training example
    /// (FishMask estimates its Fisher information from these).
    func prepare(_ model: Module, exampleCount: Int, exampleLoss: (Int) -> Tensor) throws
    /// Methods that train only some entries of base tensors: which entries of `tensor` may change
    /// (nil: all of a trainable tensor). Counts and the contract tests read it.
    func trainableMask(_ tensor: Tensor) -> [Bool]?
    /// Parameters the method trains, excluding names for which `exclude` holds (the task head);
    /// masked tensors count their allowed entries.
    func trainableCount(_ model: Module, excluding exclude: (String) -> Bool) -> Int
    /// What must be stored per task after training, by name, when that is not simply the
    /// trainable tensors: prefix tuning keeps only the computed prefixes, sparse methods only
    /// their non-zero deltas. nil: the trainable tensors.
    func storedTensors(_ model: Module) -> [String: Tensor]?
    /// Tensors frozen at the end of training that changed all the same, by parameter name: those
    /// the method rewrites outside the optimizer (Delta-LoRA's and PeriodicLoRA's target weights)
    /// and those that trained in a first phase only (FAR's MLPs after priming). The contract lets
    /// them move and an adapter stores them.
    func rewrittenTensors(_ model: Module) -> [String]
    /// Added to the training loss every step (AdaLoRA's orthogonality).
    func regularizer() -> Tensor?
    /// Weight of a consistency term for methods whose training forward pass is stochastic
    /// (AdaMix): when above 0, each batch runs twice and the loss adds this times the task's
    /// divergence between the two predictions. 0: one pass.
    var consistency: Float { get }
    /// Called after each backward pass, before the optimizer step, while gradients exist
    /// (AdaLoRA's importance scores).
    func afterBackward(_ step: Int, total: Int)
    /// Called after every optimizer step; `total` is the number of steps.
    func afterStep(_ step: Int, total: Int)
    /// Trainable tensors that `afterStep(step)` re-initialised, whose optimizer state restarts
    /// with them (PeriodicLoRA's factors at the end of a stage).
    func restartedTensors(after step: Int, total: Int) -> [Tensor]
    /// Optimizer groups when the method needs its own (learning-rate ratios); nil for the default.
    func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]?
    /// Searched designs (GLoRA): called once after training with a scorer of the model as it
    /// stands (the task's validation loss, lower is better); the method fixes its configuration
    /// and returns how many candidates it scored (0: not a searched design). The runner records
    /// the count and the search's seconds in the row's extras.
    func search(_ model: Module, score: () -> Double) throws -> Int
    /// Multi-task methods: the single-task method the runner trains first on every task of the
    /// target's group (MultiTask.swift); nil for a single-task method.
    var sourceStage: SourceStage? { get }
    /// Called before `apply` with the source stage's trained states, one per task of the group
    /// (the target's own among them, marked); a method may refuse too few.
    func use(sources: [SourceState]) throws
    /// Numbers about the trained method for the row's extras (SoRA's surviving ranks).
    func extras(_ model: Module) -> [(name: String, value: Double)]
    /// Other deployable forms of the one trained method, which the runner scores too and records
    /// in the row's extras as `metric@name` (DyLoRA: every rank below its largest).
    func variants(_ model: Module) -> [String]
    /// Switches the model to the variant `name`, or back to the trained form (nil).
    func select(variant name: String?, in model: Module)
}

extension PEFTMethod {
    public var name: String { Self.name }

    public func trainableCount(_ model: Module, excluding exclude: (String) -> Bool) -> Int {
        model.trainableParameters().filter { !exclude($0.name) }.reduce(0) { sum, p in
            sum + (trainableMask(p.tensor).map { $0.lazy.filter { $0 }.count } ?? p.tensor.count)
        }
    }
    public static var lrScale: Float { 5 }
    public static var departures: [String] { [] }
    public static var exactGradients: Bool { true }
    public static var stepZero: StepZero { .base }
    public static var rankOption: String? { nil }
    public static var trainsHead: Bool { true }
    public func merge(_ model: Module) throws { throw MethodError.notMergeable(Self.name) }
    public func trainableCount(_ model: Module) -> Int { trainableCount(model) { _ in false } }
    public func prepare(_ model: Module, exampleCount: Int, exampleLoss: (Int) -> Tensor) throws {}
    public func trainableMask(_ tensor: Tensor) -> [Bool]? { nil }
    public func storedTensors(_ model: Module) -> [String: Tensor]? { nil }
    public func rewrittenTensors(_ model: Module) -> [String] { [] }
    public func regularizer() -> Tensor? { nil }
    public var consistency: Float { 0 }
    public func afterBackward(_ step: Int, total: Int) {}
    public func afterStep(_ step: Int, total: Int) {}
    public func restartedTensors(after step: Int, total: Int) -> [Tensor] { [] }
    public func parameterGroups(_ model: Module, weightDecay: Float) -> [ParameterGroup]? { nil }
    public func search(_ model: Module, score: () -> Double) throws -> Int { 0 }
    public var sourceStage: SourceStage? { nil }
    public func use(sources: [SourceState]) throws {}
    public func extras(_ model: Module) -> [(name: String, value: Double)] { [] }
    public func variants(_ model: Module) -> [String] { [] }
    public func select(variant name: String?, in model: Module) {}
}

public enum MethodError: Error, CustomStringConvertible, Equatable {
    case unknownMethod(String, valid: [String])
    case unknownOption(method: String, key: String, valid: [String])
    case invalidOption(method: String, key: String, value: String, expected: String)
    case unsupported(method: String, reason: String)
    case notMergeable(String)

    public var description: String {
        switch self {
        case let .unknownMethod(name, valid):
            "unknown method '\(name)'; valid: \(valid.joined(separator: ", "))"
        case let .unknownOption(method, key, valid):
            "\(method): unknown option '\(key)'; valid: \(valid.isEmpty ? "none" : valid.joined(separator: ", "))"
        case let .invalidOption(method, key, value, expected):
            "\(method): option \(key)=\(value) is invalid; expected \(expected)"
        case let .unsupported(method, reason):
            "\(method) is unsupported here: \(reason)"
        case let .notMergeable(method):
            "\(method) does not merge into plain weights"
        }
    }
}
