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
        try model.load(state.tensors, strict: false, source: "source stage \(stage.label) on \(state.task)")
        let part = try detach(model)
        return part
    }
}
