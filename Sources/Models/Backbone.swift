// The backbone registry: names as users type them, and a model of each kind from a seed.

import NN

public enum BackboneKind: String, CaseIterable, Sendable {
    case vit, lm, denoiser, minilm

    /// Parses a backbone name; an unknown one lists the valid names.
    public init(parsing name: String) throws(ModelError) {
        guard let kind = BackboneKind(rawValue: name) else {
            throw .unknownBackbone(name, valid: BackboneKind.allCases.map(\.rawValue))
        }
        self = kind
    }

    /// A freshly initialised model with the default configuration.
    public func make(seed: UInt64) -> Module {
        switch self {
        case .vit: ViT(seed: seed)
        case .lm: LM(seed: seed)
        case .denoiser: Denoiser(seed: seed)
        case .minilm: MiniLM(seed: seed)  // random: the task loads the real weights into it
        }
    }
}

public enum ModelError: Error, CustomStringConvertible, Equatable {
    case unknownBackbone(String, valid: [String])
    case badFile(String, reason: String)
    case missingModel(String)
    public var description: String {
        switch self {
        case let .unknownBackbone(name, valid): "unknown backbone '\(name)'; valid: \(valid.joined(separator: ", "))"
        case let .badFile(path, reason): "\(path): \(reason)"
        case let .missingModel(message): message
        }
    }
}
