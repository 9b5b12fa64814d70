// Tasks whose model has a PyTorch twin in scripts/peftbench_twins.py (or, for nouns26, is Hugging
// Face's own BertModel). `peftbench export` writes
// a fixed test batch with our outputs for it, so that a Python user (and
// scripts/check_peft_export.py) can check that the twin, carrying the exported adapter, agrees.

import Models
import Tensor

public protocol TwinCheckable: FineTuneTask {
    /// The first `count` test examples as the twin's forward arguments (F32; integer ids are
    /// exact in F32), and the model's outputs for them.
    func twinCheck(_ model: TaskModel, count: Int) -> (inputs: [String: Tensor], outputs: Tensor)
}

extension DigitsTask: TwinCheckable {
    /// `images` (n, 64) → logits (n, 10) of the plain `ViT` twin.
    public func twinCheck(_ model: TaskModel, count: Int) -> (inputs: [String: Tensor], outputs: Tensor) {
        let images = test.tensor(Array(0..<Swift.min(count, test.count)))
        return (["images": images], withoutGrad { (model.module as! ViT)(images) })
    }
}

extension Nouns8Task: TwinCheckable {
    /// `input_ids` and `attention_mask` (n, T), right-padded → logits (n, 8) of
    /// `LMForSequenceClassification`, which reads the last 1 of the mask.
    public func twinCheck(_ model: TaskModel, count: Int) -> (inputs: [String: Tensor], outputs: Tensor) {
        let examples = Array(test.prefix(count))
        let (ids, t, lengths) = encode(examples)
        return (tokenInputs(ids, length: t, lengths: lengths), withoutGrad { logits(model.module as! LM, examples) })
    }
}

extension Nouns26Task: TwinCheckable {
    /// `input_ids` and `attention_mask` (n, T), right-padded → logits (n, 26): Hugging Face's own
    /// BertModel (no twin), mean-pooled over the mask, then head.safetensors.
    public func twinCheck(_ model: TaskModel, count: Int) -> (inputs: [String: Tensor], outputs: Tensor) {
        let examples = Array(test.prefix(count))
        let (ids, t, lengths) = padded(examples.map { tokenizer.encode($0.text, limit: Self.maxTokens) })
        return (
            tokenInputs(ids, length: t, lengths: lengths), withoutGrad { logits(model.module as! MiniLM, examples) }
        )
    }
}

/// `input_ids` and `attention_mask` (B, T) of a right-padded batch, as F32 (ids are exact).
func tokenInputs(_ ids: [Int], length t: Int, lengths: [Int]) -> [String: Tensor] {
    let mask = lengths.flatMap { n in (0..<t).map { Float($0 < n ? 1 : 0) } }
    return [
        "input_ids": Tensor(ids.map(Float.init), shape: [lengths.count, t]),
        "attention_mask": Tensor(mask, shape: [lengths.count, t]),
    ]
}
