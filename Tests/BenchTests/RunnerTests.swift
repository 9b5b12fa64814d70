// The runner end to end on digits with a few steps: counts (LoRA on q,v changes every entry of
// W_q and W_v once merged), merged inference timed, a CSV row per run with the header's width,
// failures recorded rather than thrown, and a CSV with another header refused.

import Bench
import Foundation
import Models
import NN
import PEFT
import Tasks
import Tensor
import TestSupport
import Testing

@Suite(.serialized) struct RunnerTests {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-runner-\(UUID())")
        .path

    func pretrained() throws -> PretrainRecord {
        try PretrainCache(directory: Self.directory).model(
            "vit-untrained", recipe: "none", seed: 0, metric: MetricSpec("accuracy", higherIsBetter: true)
        ) {
            (ViT(seed: 0), 0.1)
        }
    }

    @Test func loraRunCountsAndRow() throws {
        let task = try DigitsTask()
        var spec = RunSpec(method: "lora", seed: 0, training: TrainConfig(steps: 3, batchSize: 16, lr: 1e-3))
        spec.adapterPath = Self.directory + "/lora.safetensors"
        let r = Runner.run(spec, task: task, pretrained: try pretrained(), sourceBefore: 0.1)
        let saved = try Safetensors.load(spec.adapterPath!)
        #expect(saved.tensors.count == 16 + 2 && saved.metadata["method"] == "lora", "\(saved.tensors.keys.sorted())")
        #expect(saved.tensors["blocks.0.attn.q.hook.a"]?.shape == [8, 64])
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
        #expect(throws: (any Error).self) {
            try CSV.append(header: ResultRow.header, row: row, to: Self.directory + "/other.csv")
        }
    }

    /// A multi-task method's source stage is trained once per task of the group (the target
    /// marked), cached, and charged to the row; outside a group the method is unsupported.
    @Test func sourceStageTrainsOncePerTaskAndReachesTheRow() throws {
        let members = try [DigitsTask(), DigitsParityTask()].map {
            SourceStageMember(
                task: $0, pretrained: try pretrained(), training: TrainConfig(steps: 2, batchSize: 16, lr: 1e-3))
        }
        let cache = PretrainCache(directory: Self.directory)
        let stage = SourceStage(method: "pfeiffer")
        let first = try SourceStageTraining.states(
            stage, members: members, target: "digits-parity", seed: 0, cache: cache)
        #expect(first.map(\.task) == ["digits", "digits-parity"] && first.map(\.isTarget) == [false, true])
        #expect(
            first.allSatisfy {
                $0.tensors.count == 4 * 4 && $0.tensors.keys.allSatisfy { $0.contains(".mlp.adapter.") }
            })
        let again = try SourceStageTraining.states(stage, members: members, target: "digits", seed: 0, cache: cache)
        #expect(again.map(\.seconds) == first.map(\.seconds) && again.map(\.isTarget) == [true, false])
        #expect(again[1].tensors.keys.allSatisfy { again[1].tensors[$0]!.values == first[1].tensors[$0]!.values })
        let other = try SourceStageTraining.states(stage, members: members, target: "digits", seed: 1, cache: cache)
        #expect(other[0].tensors.keys.contains { other[0].tensors[$0]!.values != first[0].tensors[$0]!.values })
        let longer = members.map {
            SourceStageMember(
                task: $0.task, pretrained: $0.pretrained, training: TrainConfig(steps: 3, batchSize: 16, lr: 1e-3))
        }
        let retrained = try SourceStageTraining.states(stage, members: longer, target: "digits", seed: 0, cache: cache)
        #expect(retrained[0].tensors.keys.contains { retrained[0].tensors[$0]!.values != first[0].tensors[$0]!.values })

        // The runner attaches exactly the cached adapters (frozen) and stores them with the fusion.
        let provider: SourceProvider = {
            try SourceStageTraining.states($0, members: members, target: "digits-parity", seed: 0, cache: cache)
        }
        let fused = try Runner.prepare(
            RunSpec(method: "adapterfusion", seed: 0, training: TrainConfig(steps: 2, batchSize: 16, lr: 1e-3)),
            task: members[1].task, pretrained: try pretrained(), sources: provider)
        let attached = Dictionary(
            uniqueKeysWithValues: fused.model.module.namedParameters().map { ($0.name, $0.tensor) })
        for (i, state) in first.enumerated() {
            for (name, t) in state.tensors {
                let path = name.replacingOccurrences(of: ".mlp.adapter.", with: ".mlp.adapter.sources.\(i).")
                #expect(attached[path]?.values == t.values && attached[path]?.requiresGrad == false, "\(path)")
            }
        }

        let spec = RunSpec(method: "adapterfusion", seed: 0, training: TrainConfig(steps: 2, batchSize: 16, lr: 1e-3))
        let r = Runner.run(spec, task: members[1].task, pretrained: try pretrained(), sourceBefore: 0.1) {
            try SourceStageTraining.states($0, members: members, target: "digits-parity", seed: 0, cache: cache)
        }
        #expect(r.status == .ok && r.head == 2 * 65 && r.family == "multitask", "\(r.error)")
        let sourceParams = 2 * 4 * (2 * 64 * 8 + 8 + 64)  // two Pfeiffer adapters per block, stored with the fusion
        #expect(r.trainable == 4 * (3 * 64 * 64 + 2 * 64) && r.adapterBytes > 4 * (r.trainable + sourceParams + r.head))
        let extras = Dictionary(uniqueKeysWithValues: r.extras)
        #expect(extras["source_seconds"] == first.reduce(0) { $0 + $1.seconds } && extras["fusion_own_share"] != nil)
        let alone = Runner.run(spec, task: try DigitsDDPMTask(), pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(alone.status == .unsupported && alone.error.contains("no task group"), "\(alone.error)")
    }

    /// A searched design (GLoRA) searches after training on the task's validation loss, which
    /// repeats exactly and needs no gradients; its evaluations and seconds reach the row's extras.
    @Test func searchCostReachesTheRow() throws {
        let task = try DigitsTask()
        let spec = RunSpec(
            method: "glora", options: ["generations": "1", "population": "4"], seed: 0,
            training: TrainConfig(steps: 2, batchSize: 16, lr: 1e-3))
        let r = Runner.run(spec, task: task, pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(r.status == .ok, "\(r.error)")
        let extras = Dictionary(uniqueKeysWithValues: r.extras)
        #expect(extras["search_evaluations"].map { (5...8).contains($0) } == true, "\(r.extras)")
        #expect(extras["search_seconds"].map { $0 > 0 } == true && extras["chosen_params"] != nil)
        let p = try Runner.prepare(spec, task: task, pretrained: try pretrained())
        let loss = task.validationLoss(p.model)
        #expect(loss.isFinite && loss > 0 && task.validationLoss(p.model) == loss)
        #expect(p.model.module.namedParameters().allSatisfy { $0.tensor.grad == nil })
        let plain = Runner.run(
            RunSpec(method: "lora", seed: 0, training: spec.training), task: task, pretrained: try pretrained(),
            sourceBefore: 0.1)
        #expect(!plain.extras.contains { $0.name.hasPrefix("search_") })
    }

    /// A method's variants are scored in the same run (DyLoRA at every smaller rank), and a
    /// method that rewrites frozen weights stores them (Delta-LoRA's W_q, W_v).
    @Test func variantsAreScoredAndRewrittenWeightsStored() throws {
        let task = try DigitsTask()
        let training = TrainConfig(steps: 3, batchSize: 16, lr: 1e-3)
        let dylora = Runner.run(
            RunSpec(method: "dylora", seed: 0, training: training), task: task, pretrained: try pretrained(),
            sourceBefore: 0.1)
        #expect(dylora.status == .ok, "\(dylora.error)")
        #expect(dylora.extras.map(\.name) == (1..<8).map { "accuracy@r\($0)" })
        #expect(dylora.extras.allSatisfy { (0...1).contains($0.value) })
        var spec = RunSpec(method: "delta-lora", seed: 0, training: training)
        spec.adapterPath = Self.directory + "/delta-lora.safetensors"
        let delta = Runner.run(spec, task: task, pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(delta.status == .ok, "\(delta.error)")
        let saved = try Safetensors.load(spec.adapterPath!)
        #expect(
            saved.tensors["blocks.0.attn.q.weight"]?.shape == [64, 64] && saved.tensors["blocks.0.attn.q.hook.a"] != nil
        )
        #expect(delta.changed == 2 * 4 * 64 * 64 && delta.trainable == 8_192)
    }

    @Test func frozenIsUnsupportedWhereTheHeadIsNew() throws {
        let r = Runner.run(
            RunSpec(method: "frozen", training: TrainConfig(steps: 1, batchSize: 8, lr: 1e-3)),
            task: try DigitsTask(), pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(r.status == .unsupported && r.error.contains("head is new"))
    }

    @Test func badOptionsBecomeAFailedRowNotACrash() throws {
        let task = try DigitsTask()
        let spec = RunSpec(
            method: "lora", options: ["r": "100"], training: TrainConfig(steps: 1, batchSize: 8, lr: 1e-3))
        let r = Runner.run(spec, task: task, pretrained: try pretrained(), sourceBefore: 0.1)
        #expect(r.status == .failed && r.error.contains("r=100") && r.error.contains("1…64"))
    }

    @Test func methodBenchReportsRelativeToFull() throws {
        let rows = try MethodBench.run(["full", "lora"], steps: 1, warmup: 0, rounds: 1)
        #expect(rows.map(\.method) == ["full", "lora"] && rows[0].relativeTime == 1 && rows[0].relativeMemory == 1)
        #expect(rows[1].relativeMemory < 1 && rows[1].trainable == 8_192)
    }
}

@Suite struct ExportTests {
    @Test func loraAndOFTExportInPEFTsNamesAndFields() throws {
        let task = try DigitsTask()
        let record = try RunnerTests().pretrained()
        let dir = RunnerTests.directory + "/export"
        for (method, keys, shape) in [("lora", "lora_A.weight", [8, 64]), ("oft", "oft_R.weight", [8, 28])] {
            let spec = RunSpec(method: method, training: TrainConfig(steps: 2, batchSize: 8, lr: 1e-3))
            let prepared = try Runner.prepare(spec, task: task, pretrained: record)
            _ = Runner.train(prepared, task: task, seed: 0)
            try PEFTExporter.write(prepared, task: task, to: dir + "/" + method)
            let adapter = try Safetensors.load(dir + "/\(method)/adapter_model.safetensors").tensors
            #expect(adapter["base_model.model.blocks.0.attn.q.\(keys)"]?.shape == shape)
            #expect(adapter["base_model.model.head.weight"]?.shape == [10, 64])
            #expect(adapter.count == (method == "lora" ? 16 : 8) + 2)
            let config = try String(contentsOfFile: dir + "/\(method)/adapter_config.json", encoding: .utf8)
            #expect(
                config.contains("\"peft_type\": \"\(method.uppercased())\"")
                    && config.contains("\"modules_to_save\": [\"head\"]"))
            #expect(config.contains("\"target_modules\": [\"q\", \"v\"]"))
            let base = try Safetensors.load(dir + "/\(method)/base_model.safetensors").tensors
            #expect(
                base.values.reduce(0) { $0 + $1.count } == 201_536 + 650
                    && base["blocks.0.mlp.up.weight"]?.shape == [256, 64])
        }
        #expect(config(dir + "/lora").contains("\"lora_alpha\": 16.0"))
    }

    /// Prompt learning: one `prompt_embeddings` tensor, the head under `base_model.head`, a
    /// SEQ_CLS config with the model's shape, and a token check batch (ids and mask) for the lm
    /// twin; refused on vit, whose twin takes no tokens.
    @Test func promptLearningExportsOnTheLM() throws {
        let task = try Nouns8Task()
        let record = try PretrainCache(directory: RunnerTests.directory).model(
            "lm-untrained", recipe: "none", seed: 0, metric: MetricSpec("accuracy", higherIsBetter: true)
        ) {
            (LM(seed: 0), 0.1)
        }
        let dir = RunnerTests.directory + "/export-lm"
        for (method, type, shape) in [
            ("prompt-tuning", "PROMPT_TUNING", [4, 128]), ("prefix-tuning", "PREFIX_TUNING", [4, 2 * 4 * 128]),
        ] {
            let prepared = try Runner.prepare(
                RunSpec(method: method, options: ["l": "4"], training: TrainConfig(steps: 1, batchSize: 4, lr: 1e-3)),
                task: task, pretrained: record)
            _ = Runner.train(prepared, task: task, seed: 0)
            try PEFTExporter.write(prepared, task: task, to: dir + "/" + method)
            let adapter = try Safetensors.load(dir + "/\(method)/adapter_model.safetensors").tensors
            #expect(Set(adapter.keys) == ["prompt_embeddings", "base_model.head.weight", "base_model.head.bias"])
            #expect(adapter["prompt_embeddings"]?.shape == shape)
            let c = config(dir + "/" + method)
            for field in [
                "\"peft_type\": \"\(type)\"", "\"task_type\": \"SEQ_CLS\"", "\"num_virtual_tokens\": 4",
                "\"token_dim\": 128",
                "\"num_layers\": 4", "\"num_attention_heads\": 4",
            ] {
                #expect(c.contains(field), "\(method): \(field)")
            }
            let inputs = try Safetensors.load(dir + "/\(method)/check_inputs.safetensors").tensors
            let ids = try #require(inputs["input_ids"]), mask = try #require(inputs["attention_mask"])
            #expect(
                ids.shape[0] == 16 && ids.shape == mask.shape
                    && ids.values.allSatisfy { $0 >= 0 && $0 < 256 && $0 == $0.rounded() })
            #expect(
                try Safetensors.load(dir + "/\(method)/check_outputs.safetensors").tensors["logits"]?.shape == [16, 8])
        }
        let vit = try Runner.prepare(
            RunSpec(method: "prompt-tuning", training: TrainConfig(steps: 1, batchSize: 8, lr: 1e-3)),
            task: try DigitsTask(), pretrained: try RunnerTests().pretrained())
        #expect(throws: (any Error).self) {
            try PEFTExporter.write(vit, task: try DigitsTask(), to: RunnerTests.directory + "/none")
        }
    }

    func config(_ d: String) -> String {
        (try? String(contentsOfFile: d + "/adapter_config.json", encoding: .utf8)) ?? ""
    }

    @Test func methodsWithoutAnExportSayWhichHaveOne() throws {
        let task = try DigitsTask()
        let prepared = try Runner.prepare(
            RunSpec(method: "houlsby", training: TrainConfig(steps: 1, batchSize: 8, lr: 1e-3)),
            task: task, pretrained: try RunnerTests().pretrained())
        #expect(throws: (any Error).self) {
            try PEFTExporter.write(prepared, task: task, to: RunnerTests.directory + "/none")
        }
    }
}

extension ExportTests {
    /// LoftQ exports as a plain LoRA whose base is the dequantized NF4 weights it trained on: the
    /// adapter has A and B for all six block Linears, the base's q differs from the pretrained q
    /// by the quantization error only, and rebuilding the model from the exported tensors in Swift
    /// (base loaded, LoRA's W + s·BA) gives the exported outputs. nouns26, whose base is Hugging
    /// Face's own checkpoint, refuses it.
    @Test func quantizedLoRAExportsItsDequantizedBase() throws {
        let task = try DigitsTask()
        let record = try RunnerTests().pretrained()
        let dir = RunnerTests.directory + "/export-loftq"
        let spec = RunSpec(method: "loftq", training: TrainConfig(steps: 2, batchSize: 8, lr: 1e-3))
        let prepared = try Runner.prepare(spec, task: task, pretrained: record)
        _ = Runner.train(prepared, task: task, seed: 0)
        try PEFTExporter.write(prepared, task: task, to: dir)
        let adapter = try Safetensors.load(dir + "/adapter_model.safetensors").tensors
        #expect(adapter.keys.filter { $0.hasSuffix("lora_A.weight") }.count == 6 * 4)
        #expect(config(dir).contains("\"peft_type\": \"LORA\"") && config(dir).contains("\"lora_alpha\": 16.0"))
        let base = try Safetensors.load(dir + "/base_model.safetensors").tensors
        let q = try #require(base["blocks.0.attn.q.weight"]), q0 = prepared.base["blocks.0.attn.q.weight"]!
        let error = maxAbsDiff(q.values, q0)
        // NF4's widest gap, −1 to −0.6962 of a block's maximum: no entry is off by more than half of
        // it (plus the 8-bit rounding of the maxima).
        #expect(error > 0 && error < 0.16 * (q0.map(Swift.abs).max() ?? 1))
        // The exported model, rebuilt: the base's weights plus s·BA on each target, s = 16/8.
        let rebuilt = try task.makeModel(pretrained: record.weights, seed: 0)
        try rebuilt.module.load(base, strict: false)
        for (path, m) in rebuilt.module.namedModules() {
            guard let l = m as? Linear, let a = adapter["base_model.model.\(path).lora_A.weight"],
                let b = adapter["base_model.model.\(path).lora_B.weight"]
            else { continue }
            l.weight.assign(l.weight + 2 * b.matmul(a))
        }
        let inputs = try Safetensors.load(dir + "/check_inputs.safetensors").tensors
        let outputs = try Safetensors.load(dir + "/check_outputs.safetensors").tensors["logits"]!
        let logits = withoutGrad { (rebuilt.module as! ViT)(inputs["images"]!) }
        #expect(maxAbsDiff(logits.values, outputs.values) < 1e-4)
        #expect(throws: (any Error).self) { try PEFTExporter.check(method: LoftQ.self, task: Nouns26Task.self) }
    }
}
