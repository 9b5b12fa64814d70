// Pretrained backbones, cached outside git. An entry is keyed by a hash of what determines the
// weights (task, backbone config, pretraining recipe, data fingerprint, seed and `codeVersion`),
// so changing any of them pretrains again, and a run that finds the entry skips pretraining.
// Entries are safetensors files whose metadata records the pretraining time and quality; they are
// written to a temporary name and renamed, so an interrupted pretraining leaves no entry.

import Foundation
import NN
import Tensor

public struct PretrainRecord: Sendable {
    public let name: String
    public let path: String
    public let weights: [String: Tensor]
    public let seconds: Double  // pretraining wall time when the entry was made
    public let quality: Double  // on the task's source metric
    public let metric: String
    public let fromCache: Bool
}

public struct PretrainCache: Sendable {
    /// Bump when a change to the models, the core or the recipes changes pretrained weights.
    public static let codeVersion = 1
    public let directory: String

    /// `$PEFTBENCH_CACHE`, else `$XDG_CACHE_HOME/peftbench`, else `~/.cache/peftbench`.
    public static var defaultDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let d = env["PEFTBENCH_CACHE"], !d.isEmpty { return d }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/peftbench" }
        return NSHomeDirectory() + "/.cache/peftbench"
    }

    public init(directory: String = PretrainCache.defaultDirectory) {
        self.directory = directory
    }

    /// The cached model `name` for this recipe and seed, or `build()`'s model, saved for next time.
    public func model(
        _ name: String, recipe: String, seed: UInt64, metric: MetricSpec,
        build: () throws -> (Module, Double)
    ) throws -> PretrainRecord {
        let key = fnv1a("v\(Self.codeVersion) \(recipe) seed \(seed)")
        let path = "\(directory)/\(name)-\(String(key, radix: 16)).safetensors"
        if FileManager.default.fileExists(atPath: path) {
            let (tensors, meta) = try Safetensors.load(path)
            guard let q = meta["quality"].flatMap(Double.init), let s = meta["seconds"].flatMap(Double.init) else {
                throw SafetensorsError.corrupt(
                    path, "pretraining cache entry lacks quality/seconds metadata; delete the file")
            }
            return PretrainRecord(
                name: name, path: path, weights: tensors, seconds: s, quality: q, metric: metric.name, fromCache: true)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let (model, quality) = try build()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try Self.write(
            model.stateDict(), to: path,
            metadata: [
                "quality": "\(quality)", "seconds": "\(seconds)",
                "metric": metric.name, "recipe": recipe, "seed": "\(seed)",
            ])
        return PretrainRecord(
            name: name, path: path, weights: model.stateDict().mapValues { $0.copy() },
            seconds: seconds, quality: quality, metric: metric.name, fromCache: false)
    }
}

extension PretrainCache {
    /// Trained tensors that are not a backbone (a multi-task method's source stage on one task),
    /// cached like backbones under `sources/`: `build()`'s tensors, kept with its wall time, which
    /// a hit reports as the cost it saved.
    public func tensors(
        _ name: String, recipe: String, build: () throws -> [String: Tensor]
    ) throws -> (tensors: [String: Tensor], seconds: Double, fromCache: Bool) {
        let key = fnv1a("v\(Self.codeVersion) \(recipe)")
        let path = "\(directory)/sources/\(name)-\(String(key, radix: 16)).safetensors"
        if FileManager.default.fileExists(atPath: path) {
            let (tensors, meta) = try Safetensors.load(path)
            guard let s = meta["seconds"].flatMap(Double.init) else {
                throw SafetensorsError.corrupt(path, "source-stage cache entry lacks seconds metadata; delete the file")
            }
            return (tensors, s, true)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let tensors = try build()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try Self.write(tensors, to: path, metadata: ["seconds": "\(seconds)", "recipe": recipe])
        return (tensors, seconds, false)
    }

    /// Writes an entry under a unique temporary name, then rename(2)s it into place, which
    /// replaces any entry another writer (a run, a thread) finished first, atomically.
    static func write(_ tensors: [String: Tensor], to path: String, metadata: [String: String]) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temporary = path + ".partial-\(UUID().uuidString)"
        try Safetensors.save(tensors, metadata: metadata, to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [
                    NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "cannot move the new cache entry into place: \(reason)",
                ])
        }
    }
}

/// 64-bit FNV-1a of a string's UTF-8 bytes: a stable key across runs and platforms.
func fnv1a(_ s: String) -> UInt64 {
    s.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
}
