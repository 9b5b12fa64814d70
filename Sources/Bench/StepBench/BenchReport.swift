// `peftbench bench`: runs the step cases in rounds. Within a round each case runs on PEFTBench and
// right after on PyTorch, eager and then torch.compile'd, so the three see the same machine
// conditions; the comparison is the
// median over rounds of the per-round ratio (robust to a host whose speed drifts by tens of
// percent between minutes), and the reported step times are medians over all timed steps. It also
// checks on the spot that LoRA costs less time and peak memory than full fine-tuning.

import Foundation
import Tensor

public struct BenchOptions: Sendable {
    public var cases = StepCase.all
    public var steps = 20
    public var warmup = 3
    public var rounds = 5
    public var threads = 2
    public var torchPython: String?  // nil: look for one; "off": skip
    public var torchModes = TorchMode.allCases
    public var torchScript = TorchReference.defaultScript
    public init() {}
}

/// One line of the bench table and CSV.
public struct BenchRow: Sendable {
    public let caseName: String, engine: String, unit: String
    public let stepMs: Double, itemsPerSecond: Double
    public let gflops: Double?, sgemmShape: String?, sgemmGflops: Double?
    public let peakBytes: Int?, trainable: Int
    /// PyTorch ms / PEFTBench ms per round, by reference mode (PEFTBench rows with a reference only).
    public var speedups: [TorchMode: [Double]] = [:]
    /// The compiling first step (compiled PyTorch rows only): round 1, with an empty inductor
    /// cache, and the median of the later rounds, which reuse that cache.
    public var compileMs: Double?
    public var warmCompileMs: Double?
    public var efficiency: Double? { gflops.flatMap { g in sgemmGflops.map { g / $0 } } }

    public static let csvHeader = [
        "case", "engine", "threads", "step_ms", "items_per_s", "unit", "matmul_gflops",
        "sgemm_shape", "sgemm_gflops", "sgemm_efficiency", "peak_tensor_bytes",
        "trainable_params", "speedup_vs_pytorch_median", "speedup_min", "speedup_max",
        "speedup_vs_compiled_median", "compiled_speedup_min", "compiled_speedup_max", "compile_ms",
        "warm_compile_ms",
        "process_peak_rss_bytes",
        "rounds", "steps_per_round", "git_rev", "timestamp",
    ]
}

public enum BenchReport {
    /// Measures every case (and PyTorch when available); `log` receives progress and notes.
    public static func measure(_ o: BenchOptions, log: (String) -> Void) throws -> [BenchRow] {
        Threads.set(o.threads)
        var python: String?
        if o.torchPython != "off" {
            let found = TorchReference.findPython(o.torchPython)
            python = found.python
            if python == nil { log("note: PyTorch reference skipped: \(found.reason)") }
        }
        var ours: [String: [StepSample]] = [:]
        var sgemm: [String: [Double]] = [:]  // the reference is measured every round too
        var torch: [TorchMode: [String: [TorchSample]]] = [:]
        // A fresh inductor cache for this run, so that round 1 compiles cold.
        let compileCache = FileManager.default.temporaryDirectory.appendingPathComponent(
            "peftbench-inductor-\(UUID())"
        ).path
        defer { try? FileManager.default.removeItem(atPath: compileCache) }
        for round in 1...o.rounds {
            for c in o.cases {
                log("round \(round)/\(o.rounds): \(c.name)")
                let sample = StepBench.run(c, steps: o.steps, warmup: o.warmup)
                ours[c.name, default: []].append(sample)
                sgemm[c.name, default: []].append(StepBench.sgemmThroughput(sample.largest))
                for mode in python == nil ? [] : o.torchModes {
                    let samples = try TorchReference.sample(
                        python: python!, script: o.torchScript, cases: [c],
                        steps: o.steps, warmup: o.warmup, threads: o.threads, mode: mode, compileCache: compileCache)
                    guard let t = samples[c.name] else {
                        throw BenchError.reference("PyTorch (\(mode.rawValue)) printed no result for \(c.name)")
                    }
                    torch[mode, default: [:]][c.name, default: []].append(t)
                }
            }
        }
        var rows: [BenchRow] = []
        for c in o.cases {
            let samples = ours[c.name]!
            let ms = median(samples.flatMap(\.times))
            let first = samples[0]
            var row = BenchRow(
                caseName: c.name, engine: "peftbench", unit: c.unit, stepMs: ms,
                itemsPerSecond: Double(c.items) / (ms / 1000),
                gflops: Double(first.flopsPerStep) / (ms / 1000) / 1e9,
                sgemmShape: first.largest.description,
                sgemmGflops: median(sgemm[c.name]!),
                peakBytes: first.peakBytes, trainable: first.trainable)
            for mode in o.torchModes {
                if let t = torch[mode]?[c.name] {
                    row.speedups[mode] = zip(samples, t).map { median($1.times) / median($0.times) }
                }
            }
            rows.append(row)
            for mode in o.torchModes {
                guard let t = torch[mode]?[c.name], !t.isEmpty else { continue }
                let tms = median(t.flatMap(\.times))
                var reference = BenchRow(
                    caseName: c.name, engine: "pytorch \(t[0].version) \(mode.rawValue)", unit: c.unit, stepMs: tms,
                    itemsPerSecond: Double(c.items) / (tms / 1000), gflops: nil, sgemmShape: nil,
                    sgemmGflops: nil, peakBytes: nil, trainable: t[0].trainable)
                let compiles = t.compactMap(\.compileMs)
                reference.compileMs = compiles.first
                reference.warmCompileMs = compiles.count > 1 ? median(Array(compiles.dropFirst())) : nil
                rows.append(reference)
            }
        }
        return rows
    }

    /// The human-readable table, with the comparisons under it.
    public static func table(_ rows: [BenchRow], threads: Int) -> String {
        func f(_ v: Double?, _ fmt: String) -> String { v.map { String(format: fmt, $0) } ?? "—" }
        let header = [
            "case", "engine", "ms/step", "items/s", "matmul GF/s", "sgemm GF/s (largest shape)",
            "of sgemm", "peak MB", "trainable",
        ]
        let body = rows.map { r in
            [
                r.caseName, r.engine, f(r.stepMs, "%.1f"), f(r.itemsPerSecond, "%.0f"), f(r.gflops, "%.1f"),
                r.sgemmGflops.map { String(format: "%.1f (", $0) + (r.sgemmShape ?? "") + ")" } ?? "—",
                f(r.efficiency.map { $0 * 100 }, "%.0f%%"), f(r.peakBytes.map { Double($0) / 1e6 }, "%.1f"),
                "\(r.trainable)",
            ]
        }
        var lines = TextTable.render([header] + body, rightAligned: [2, 3, 4, 6, 7, 8])
        lines.append("")
        lines.append(
            "threads \(threads); medians over all timed steps of all rounds; items are tokens (lm, minilm) or images (vit)"
        )
        lines.append(
            String(
                format: "process peak RSS %.1f MB (this process, all cases; PyTorch runs in its own process)",
                Double(processPeakRSS()) / 1e6))
        let ours = rows.filter { $0.engine == "peftbench" }
        for r in ours {
            for mode in TorchMode.allCases {
                guard let ratios = r.speedups[mode], !ratios.isEmpty else { continue }
                let m = median(ratios)
                lines.append(
                    String(
                        format:
                            "%@: PEFTBench is %.2f× %@ PyTorch's speed (median of %d paired rounds; range %.2f–%.2f)%@",
                        r.caseName, m, mode.rawValue, ratios.count, ratios.min()!, ratios.max()!,
                        m > 1 ? "" : " — SLOWER"))
            }
        }
        for r in rows where r.compileMs != nil {
            let warm = r.warmCompileMs.map {
                String(format: "; %.1f s with the cache warm (median of the later rounds)", $0 / 1000)
            }
            lines.append(
                String(
                    format: "%@: torch.compile's first step took %.1f s cold%@ (excluded from the step times)",
                    r.caseName, r.compileMs! / 1000, warm ?? ""))
        }
        for backbone in ["lm", "vit"] {
            guard let full = ours.first(where: { $0.caseName == "\(backbone)-full" }),
                let lora = ours.first(where: { $0.caseName == "\(backbone)-lora" })
            else { continue }
            let cheaper = lora.stepMs < full.stepMs && (lora.peakBytes ?? 0) < (full.peakBytes ?? 0)
            lines.append(
                String(
                    format: "%@: LoRA/full time %.2f, peak memory %.2f — %@", backbone, lora.stepMs / full.stepMs,
                    Double(lora.peakBytes ?? 0) / Double(full.peakBytes ?? 1),
                    cheaper ? "LoRA is cheaper in both" : "LoRA is NOT cheaper in both"))
        }
        return lines.joined(separator: "\n")
    }

    public static func csvRows(_ rows: [BenchRow], options o: BenchOptions) -> [[String]] {
        let (rev, stamp, rss) = (Provenance.gitRevision, Provenance.timestamp(), processPeakRSS())
        func f(_ v: Double?) -> String { v.map { String(format: "%.4g", $0) } ?? "" }
        return rows.map { r in
            [
                r.caseName, r.engine, "\(o.threads)", f(r.stepMs), f(r.itemsPerSecond), r.unit, f(r.gflops),
                r.sgemmShape ?? "",
                f(r.sgemmGflops), f(r.efficiency), r.peakBytes.map(String.init) ?? "", "\(r.trainable)",
                r.speedups[.eager].map { f(median($0)) } ?? "", f(r.speedups[.eager]?.min()),
                f(r.speedups[.eager]?.max()),
                r.speedups[.compiled].map { f(median($0)) } ?? "", f(r.speedups[.compiled]?.min()),
                f(r.speedups[.compiled]?.max()), f(r.compileMs), f(r.warmCompileMs),
                r.engine == "peftbench" ? "\(rss)" : "", "\(o.rounds)",
                "\(o.steps)", rev, stamp,
            ]
        }
    }
}

/// Fixed-width text tables (String(format:) cannot pad Swift strings on Linux).
public enum TextTable {
    /// Rows of cells → lines, columns padded to their widest cell; `rightAligned` column indexes
    /// hold numbers.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { c in
            rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

/// Where a result came from.
