// Saving and loading a module's parameters as safetensors, under their dotted names.

import Foundation
import Tensor

public enum CheckpointError: Error, CustomStringConvertible {
    case missing(path: String, names: [String])
    case unexpected(path: String, names: [String])
    case shape(path: String, name: String, file: [Int], model: [Int])

    public var description: String {
        switch self {
        case let .missing(path, names): return "\(path): no tensor for parameter(s) \(names.joined(separator: ", "))"
        case let .unexpected(path, names):
            return "\(path): tensor(s) \(names.joined(separator: ", ")) match no parameter"
        case let .shape(path, name, file, model):
            return "\(path): '\(name)' has shape \(file) in the file but \(model) in the model"
        }
    }
}

extension Module {
    /// Parameter values by name (shared storage, no copies).
    public func stateDict(trainableOnly: Bool = false) -> [String: Tensor] {
        let params = trainableOnly ? trainableParameters() : namedParameters()
        return Dictionary(uniqueKeysWithValues: params.map { ($0.name, $0.tensor.detached()) })
    }

    /// Saves parameters (all, or only the trainable ones) to a safetensors file.
    public func save(to path: String, trainableOnly: Bool = false, metadata: [String: String] = [:]) throws {
        try Safetensors.save(stateDict(trainableOnly: trainableOnly), metadata: metadata, to: path)
    }

    /// Copies values into parameters by name. With `strict`, every parameter must be present;
    /// a tensor that names no parameter, or has another shape, is always an error.
    public func load(_ tensors: [String: Tensor], strict: Bool = true, source: String = "<memory>") throws {
        let params = Dictionary(uniqueKeysWithValues: namedParameters().map { ($0.name, $0.tensor) })
        let unexpected = tensors.keys.filter { params[$0] == nil }.sorted()
        if !unexpected.isEmpty { throw CheckpointError.unexpected(path: source, names: unexpected) }
        if strict {
            let missing = params.keys.filter { tensors[$0] == nil }.sorted()
            if !missing.isEmpty { throw CheckpointError.missing(path: source, names: missing) }
        }
        for (name, t) in tensors {
            let p = params[name]!
            guard p.shape == t.shape else {
                throw CheckpointError.shape(path: source, name: name, file: t.shape, model: p.shape)
            }
            p.assign(t)
        }
    }

    /// Loads parameters from a safetensors file.
    public func load(from path: String, strict: Bool = true) throws {
        try load(Safetensors.load(path).tensors, strict: strict, source: path)
    }
}
