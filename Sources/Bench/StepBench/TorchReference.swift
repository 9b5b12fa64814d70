// The PyTorch side of `peftbench bench`: runs scripts/torch_step_bench.py (PyTorch + HF PEFT, the
// same models, batches and optimizer; eager, or with the model torch.compile'd) in a child process
// and reads one JSON line per case.

import Foundation

public struct TorchSample: Sendable {
    public let times: [Double]
    public let version: String
    public let trainable: Int
    /// The first (compiling) warm-up step, in compiled mode.
    public let compileMs: Double?
}

/// How the reference runs: PyTorch eager, or the model wrapped in torch.compile (inductor).
public enum TorchMode: String, Sendable, CaseIterable {
    case eager, compiled
}

public enum TorchReference {
    /// The script in the checkout's scripts/ (a source checkout is how PEFTBench is run): four
    /// levels up from Sources/Bench/StepBench/TorchReference.swift (a test checks it exists).
    public static let defaultScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/torch_step_bench.py").path

    /// The interpreter to use: an explicit path, $PEFTBENCH_TORCH_PYTHON, or python3 — whichever
    /// can import torch and peft. Returns nil (with the reason) when none can.
    public static func findPython(_ requested: String?) -> (python: String?, reason: String) {
        var candidates: [String] = []
        if let requested { candidates.append(requested) }
        if let env = ProcessInfo.processInfo.environment["PEFTBENCH_TORCH_PYTHON"] { candidates.append(env) }
        candidates.append("python3")
        for python in candidates {
            if (try? run(python, ["-c", "import torch, peft"]))?.status == 0 { return (python, "") }
        }
        return (
            nil,
            "no Python among \(candidates.joined(separator: ", ")) can import torch and peft "
                + "(pip install torch peft, or set PEFTBENCH_TORCH_PYTHON)"
        )
    }

    /// Runs the given cases once; returns their samples by case name. `compileCache`: inductor's
    /// on-disk cache folder for the child (TORCHINDUCTOR_CACHE_DIR).
    public static func sample(
        python: String, script: String, cases: [StepCase], steps: Int, warmup: Int,
        threads: Int, mode: TorchMode = .eager, compileCache: String? = nil
    ) throws -> [String: TorchSample] {
        let args = [
            script, "--threads", "\(threads)", "--steps", "\(steps)", "--warmup", "\(warmup)",
            "--cases", cases.map(\.name).joined(separator: ","), "--mode", mode.rawValue,
        ]
        let result = try run(python, args, environment: compileCache.map { ["TORCHINDUCTOR_CACHE_DIR": $0] } ?? [:])
        guard result.status == 0 else {
            throw BenchError.reference("\(script) exited with status \(result.status): \(result.stderr.suffix(600))")
        }
        var out: [String: TorchSample] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = obj["case"] as? String, let times = obj["times_ms"] as? [Double]
            else { continue }
            out[name] = TorchSample(
                times: times, version: obj["torch"] as? String ?? "?",
                trainable: obj["trainable"] as? Int ?? 0, compileMs: obj["compile_ms"] as? Double)
        }
        return out
    }

    private static func run(
        _ exe: String, _ args: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [exe] + args
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (out, err) = (Pipe(), Pipe())
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
