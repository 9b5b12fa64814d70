// The runner end to end on digits with a few steps: counts (LoRA on q,v changes every entry of
// W_q and W_v once merged), merged inference timed, a CSV row per run with the header's width,
// failures recorded rather than thrown, and a CSV with another header refused.

import Bench
import Foundation
import Models
import Tasks
import Tensor
import Testing

@Suite(.serialized) struct RunnerTests {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-runner-\(UUID())").path

    func pretrained() throws -> PretrainRecord {
        try PretrainCache(directory: Self.directory).model("vit-untrained", recipe: "none", seed: 0, metric: MetricSpec("accuracy", higherIsBetter: true)) {
            (ViT(seed: 0), 0.1)
        }
    }

    @Test func loraRunCountsAndRow() throws {
        let task = try DigitsTask()
        let spec = RunSpec(method: "lora", seed: 0, training: TrainConfig(steps: 3, batchSize: 16, lr: 1e-3))
        let r = Runner.run(spec, task: task, pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(r.status == .ok, "\(r.error)")
        #expect(r.trainable == 8_192 && r.head == 650 && r.family == "reparameterized")
        #expect(r.changed == 2 * 4 * 64 * 64, "merged LoRA on q,v changes all of W_q, W_v (not their biases)")
        #expect(r.total == 201_536 + 650 && r.inferMergedMs != nil && r.losses.count == 3)
        #expect(Swift.abs(r.lr - 5e-3) < 1e-9, "the spec's rate × LoRA's scale 5")
        #expect(r.adapterBytes > 4 * (8_192 + 650) && r.peakTrainBytes > 0 && (0...1).contains(r.value))
        let row = ResultRow.fields(suite: "test", task: task, spec: spec, result: r)
        #expect(row.count == ResultRow.header.count)

        let path = Self.directory + "/rows.csv"
        try CSV.append(header: ResultRow.header, row: row, to: path)
        try CSV.append(header: ResultRow.header, row: row, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 3)
        try CSV.append(header: ["other"], row: ["x"], to: Self.directory + "/other.csv")
        #expect(throws: (any Error).self) { try CSV.append(header: ResultRow.header, row: row, to: Self.directory + "/other.csv") }
    }

    @Test func badOptionsBecomeAFailedRowNotACrash() throws {
        let task = try DigitsTask()
        let spec = RunSpec(method: "lora", options: ["r": "100"], training: TrainConfig(steps: 1, batchSize: 8, lr: 1e-3))
        let r = Runner.run(spec, task: task, pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(r.status == .failed && r.error.contains("r=100") && r.error.contains("1…64"))
    }

    @Test func methodBenchReportsRelativeToFull() throws {
        let rows = try MethodBench.run(["full", "lora"], steps: 1, warmup: 0, rounds: 1)
        #expect(rows.map(\.method) == ["full", "lora"] && rows[0].relativeTime == 1 && rows[0].relativeMemory == 1)
        #expect(rows[1].relativeMemory < 1 && rows[1].trainable == 8_192)
    }
}
