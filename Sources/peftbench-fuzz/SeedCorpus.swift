// The fuzzer's starting inputs, written from the project's own files so they track the formats:
// the shipped suites (one with a `--set` line), a few rows of each published CSV (libFuzzer
// mutates small inputs best) and small safetensors files encoded by the writer under test.

import Bench
import Foundation
import Tensor

enum SeedCorpus {
    static func write(into directory: String) throws {
        func save(_ target: FuzzTarget, _ name: String, _ data: Data) throws {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: folder.appendingPathComponent(name))
        }
        let fm = FileManager.default
        let suites = repository.appendingPathComponent("suites")
        for name in try fm.contentsOfDirectory(atPath: suites.path) where name.hasSuffix(".toml") {
            let text = try String(contentsOf: suites.appendingPathComponent(name), encoding: .utf8)
            try save(.suite, name, Data(text.utf8))
            try save(.suite, "set-" + name, Data(("#--set training.steps=5\n#--set seeds=[1,2]\n" + text).utf8))
        }
        let published = repository.appendingPathComponent("published")
        for name in (try? fm.contentsOfDirectory(atPath: published.path)) ?? []
        where name.hasSuffix(".csv") && !name.hasPrefix("bench") {
            let lines = try String(contentsOf: published.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            // The header with rows from the start and the middle (several methods, seeds, splits).
            for (i, start) in [1, lines.count / 2].enumerated() where lines.count > start + 4 {
                let piece = ([lines[0]] + lines[start..<start + 4]).joined(separator: "\n") + "\n"
                try save(.csv, "\(name)-\(i)", Data(piece.utf8))
            }
        }
        let one = Tensor.empty([2, 3])
        for i in 0..<6 { one.data[i] = Float(i) - 2.5 }
        let vector = Tensor.empty([4])
        try save(.safetensors, "one.safetensors", Safetensors.encode(["w": one]))
        try save(
            .safetensors, "two.safetensors",
            Safetensors.encode(["a.weight": one, "b.bias": vector], metadata: ["format": "pt"]))
        try save(.safetensors, "empty.safetensors", Safetensors.encode([:]))
    }
}
