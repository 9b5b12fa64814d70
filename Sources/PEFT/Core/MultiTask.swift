// Multi-task methods (2410.19878 §II-E) learn from several tasks: a single-task method is trained
// first on every task of the target's group (its *source stage*), and the multi-task method then
// builds on those trained states (AdapterFusion fuses the adapters, SPoT starts from the most
// similar source prompt). The runner trains the stage and hands the states over before `apply`,
// so a method never sees a task, and the contract tests can hand it states of their own.

import NN
import Tensor

/// The single-task method trained on each task of the group first, with its options.
public struct SourceStage: Sendable, Equatable {
    public let method: String
    public let options: [String: String]
    public init(method: String, options: [String: String] = [:]) {
        self.method = method
        self.options = options
    }
    /// "pfeiffer m=8", as a row's method label.
    public var label: String {
        ([method] + options.keys.sorted().map { "\($0)=\(options[$0]!)" }).joined(separator: " ")
    }
}

/// One task's trained source-stage tensors, by parameter name in the model (the task head left
/// out), whether that task is the target itself, and the seconds its training took.
public struct SourceState: @unchecked Sendable {
    public let task: String
    public let isTarget: Bool
    public let tensors: [String: Tensor]
    public let seconds: Double
    public init(task: String, isTarget: Bool, tensors: [String: Tensor], seconds: Double = 0) {
        self.task = task
        self.isTarget = isTarget
        self.tensors = tensors
        self.seconds = seconds
    }
}

/// What the runner calls to get a multi-task method's source states: the stage trained on each
/// task of the target's group.
public typealias SourceProvider = (SourceStage) throws -> [SourceState]

extension Array where Element == SourceState {
    /// The states of the other tasks (what transfer methods may learn from).
    public var others: [SourceState] { filter { !$0.isTarget } }
}

/// Methods whose source stage is one of ours: they attach it once per source and keep the parts.
extension PEFTMethod {
    /// `stage`'s method applied to `model` with `state`'s tensors loaded; `detach` then takes the
    /// parts it attached off the model and returns them (frozen), so the next source can attach.
    func attachSource<Part>(
        _ stage: SourceStage, _ state: SourceState, to model: Module, detach: (Module) throws -> Part
    ) throws -> Part {
        try makeMethod(stage.method, options: stage.options).apply(to: model, seed: 0)
        try loadExactly(state, into: model, what: "source stage \(stage.label)")
        return try detach(model)
    }

    /// Loads `state` into the tensors `model` has just made trainable, which it must name exactly:
    /// a state missing one would leave it at its start without a word.
    func loadExactly(_ state: SourceState, into model: Module, what: String) throws {
        let expected = Set(model.trainableParameters().map(\.name)), given = Set(state.tensors.keys)
        guard expected == given else {
            let missing = expected.subtracting(given).sorted(), extra = given.subtracting(expected).sorted()
            throw MethodError.unsupported(
                method: Self.name,
                reason:
                    "\(what) of \(state.task) does not fit: missing \(missing.prefix(3)), unexpected \(extra.prefix(3))"
            )
        }
        try model.load(state.tensors, strict: false, source: "\(what) of \(state.task)")
    }
}
