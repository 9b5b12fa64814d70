// The per-method training-step benchmark: one `vit` training step (batch 64: forward, backward,
// the method's hooks, AdamW) for every registered method, timed and with its peak of live tensor
// bytes, each relative to full fine-tuning measured in the same run. Rounds interleave the
// methods, so host drift hits them all alike; times are medians over all rounds' steps.

import Foundation
import Models
import NN
import PEFT
import Tasks
import Tensor

public struct MethodBenchRow: Sendable {
    public let method: String
    public let family: String
    public let trainable: Int
    public let stepMs: Double
    public let peakBytes: Int
    public var relativeTime = 1.0, relativeMemory = 1.0
}

public enum MethodBench {
    /// One step function for `method` on a fresh vit, or the error that stopped it.
    static func makeStep(_ method: String, seed: UInt64) throws -> (step: () -> Void, trainable: Int, family: String) {
        let model = ViT(seed: seed)
        let m = try makeMethod(method)
        try m.apply(to: model, seed: seed)
        var rng = RNG(seed: seed ^ 0xBE7C)
        let images = Tensor.uniform([64, 64], -1, 1, rng: &rng)
        let labels = (0..<64).map { _ in Int(rng.next() % 10) }
        try m.prepare(model, exampleCount: 64) { i in
            model(images.slice(axis: 0, i..<(i + 1))).crossEntropy([labels[i]])
        }
        if type(of: m).trainsHead { model.unfreeze("head.*") }
        model.train(true)  // the training step: dropout and stochastic routing as in a run
        let trainable = m.trainableCount(model) { $0.hasPrefix("head.") }
        let opt = AdamW(
            m.parameterGroups(model, weightDecay: 0) ?? [ParameterGroup(model.trainableParameters().map(\.tensor))])
        var t = 0
        return (
            {
                var loss = Prediction(model(images), .classes(labels)).loss(consistency: m.consistency) {
                    Prediction(model(images), .classes(labels))
                }
                if let r = m.regularizer() { loss = loss + r }
                if loss.requiresGrad { loss.backward() }  // `frozen` has nothing to train
                m.afterBackward(t, total: 1_000)
                opt.step(lr: 1e-4)
                m.afterStep(t, total: 1_000)
                opt.restart(m.restartedTensors(after: t, total: 1_000))
                t += 1
            }, trainable, type(of: m).family.rawValue
        )
    }

    /// Times every method in `methods` (which must include "full", the reference).
    public static func run(
        _ methods: [String], steps: Int, warmup: Int, rounds: Int,
        progress: (String) -> Void = { _ in }
    ) throws -> [MethodBenchRow] {
        var times: [String: [Double]] = [:], peaks: [String: Int] = [:], info: [String: (Int, String)] = [:]
        for round in 1...rounds {
            for method in methods {
                let ((_, trainable, family), peak) = try MemoryMeter.measure {
                    () throws -> ((() -> Void), Int, String) in
                    let (step, trainable, family) = try makeStep(method, seed: 0)
                    for _ in 0..<warmup { step() }
                    for _ in 0..<steps {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        step()
                        times[method, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    }
                    return (step, trainable, family)
                }
                peaks[method] = max(peaks[method] ?? 0, peak)
                info[method] = (trainable, family)
            }
            progress("round \(round)/\(rounds) done")
        }
        var rows = methods.map { m in
            MethodBenchRow(
                method: m, family: info[m]!.1, trainable: info[m]!.0, stepMs: median(times[m]!), peakBytes: peaks[m]!)
        }
        guard let full = rows.first(where: { $0.method == "full" }) else { return rows }
        for i in rows.indices {
            rows[i].relativeTime = rows[i].stepMs / full.stepMs
            rows[i].relativeMemory = Double(rows[i].peakBytes) / Double(full.peakBytes)
        }
        return rows
    }

    public static let csvHeader = [
        "method", "family", "trainable_params", "step_ms", "peak_train_bytes",
        "time_vs_full", "memory_vs_full", "threads", "git_revision", "timestamp",
    ]

    public static func csvRows(_ rows: [MethodBenchRow]) -> [[String]] {
        rows.map { r in
            [
                r.method, r.family, "\(r.trainable)", String(format: "%.3f", r.stepMs), "\(r.peakBytes)",
                String(format: "%.3f", r.relativeTime), String(format: "%.3f", r.relativeMemory),
                "\(Threads.count)", Provenance.gitRevision, Provenance.timestamp(),
            ]
        }
    }

    public static func table(_ rows: [MethodBenchRow]) -> String {
        let header = ["method", "family", "trainable", "ms/step", "× full", "peak MB", "× full"]
        let body = rows.map { r in
            [
                r.method, r.family, "\(r.trainable)", String(format: "%.1f", r.stepMs),
                String(format: "%.2f", r.relativeTime),
                String(format: "%.1f", Double(r.peakBytes) / 1e6), String(format: "%.2f", r.relativeMemory),
            ]
        }
        return
            (TextTable.render([header] + body, rightAligned: Set(2..<7)) + [
                "",
                "vit, batch 64, threads \(Threads.count); medians over all timed steps of all rounds; × full: relative to full fine-tuning in the same run",
            ])
            .joined(separator: "\n")
    }
}
