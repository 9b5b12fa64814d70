// `minilm` against Hugging Face, on the fixtures scripts/minilm_fixtures.py wrote once
// (Tests/Fixtures/minilm): our WordPiece gives the fast tokenizer's ids on 349 real and hostile
// texts; our BERT gives BertModel's last hidden states and mean-pooled embedding within 1e-4, on
// a random tiny BERT (always) and on the real all-MiniLM-L6-v2 weights (when the package is
// installed; CI installs it, so there the test cannot skip).

import Foundation
import Models
import NN
import Tasks
import Tensor
import Testing

enum MiniLMFixtures {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/minilm").path
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
    /// The real model's folder, or nil when it is not installed (outside CI).
    static var realModel: String? { try? MiniLMWeights.locate() }
    static var requireRealModel: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// ids and lengths of a right-padded batch from its mask.
    static func batch(_ t: [String: Tensor]) -> (ids: [Int], b: Int, t: Int, lengths: [Int]) {
        let mask = t["attention_mask"]!
        let (b, n) = (mask.shape[0], mask.shape[1])
        let lengths = (0..<b).map { i in (0..<n).filter { mask.data[i * n + $0] > 0.5 }.count }
        return (t["input_ids"]!.values.map { Int($0) }, b, n, lengths)
    }

    /// Largest |ours − theirs| over the real tokens' hidden states, and over the pooled embeddings.
    static func compare(_ model: MiniLM, _ expected: [String: Tensor]) -> (hidden: Float, pooled: Float) {
        let (ids, b, t, lengths) = batch(expected)
        let (h, pooled) = withoutGrad {
            (
                model.hiddenStates(ids, batch: b, length: t, lengths: lengths),
                model.meanPooled(ids, batch: b, length: t, lengths: lengths)
            )
        }
        let d = model.config.dim, want = expected["last_hidden_state"]!
        var hidden: Float = 0
        for i in 0..<b {
            for j in 0..<lengths[i] {
                for k in 0..<d {
                    hidden = max(hidden, abs(h.data[(i * t + j) * d + k] - want.data[(i * t + j) * d + k]))
                }
            }
        }
        let pool = zip(pooled.values, expected["mean_pooled"]!.values).map { abs($0 - $1) }.max()!
        return (hidden, pool)
    }
}

@Suite struct WordPieceTests {
    @Test func idsEqualHuggingFacesOnEveryFixtureCase() throws {
        let tokenizer = try WordPiece(vocabularyFile: "\(MiniLMFixtures.dir)/vocab.txt")
        let cases = try #require(try MiniLMFixtures.json("tokenizer.json")["cases"] as? [[String: Any]])
        #expect(cases.count == 349)
        var wrong: [String] = []
        for c in cases {
            let text = c["text"] as! String, ids = c["ids"] as! [Int]
            if tokenizer.encode(text) != ids { wrong.append(text) }
        }
        #expect(wrong.isEmpty, "\(wrong.count) differ, e.g. \(wrong.prefix(3))")
    }

    /// The fast tokenizer lower-cases a word-final Σ to σ, as we do (Python's str.lower gives ς).
    @Test func finalSigmaFollowsTheFastTokenizer() throws {
        let tokenizer = try WordPiece(vocabularyFile: "\(MiniLMFixtures.dir)/vocab.txt")
        let dropped = try #require(try MiniLMFixtures.json("tokenizer.json")["dropped"] as? [[String: Any]])
        for c in dropped { #expect(tokenizer.encode(c["text"] as! String) == c["fast_ids"] as! [Int]) }
    }

    @Test func truncationKeepsClsAndSep() throws {
        let tokenizer = try WordPiece(vocabularyFile: "\(MiniLMFixtures.dir)/vocab.txt")
        let ids = tokenizer.encode("one two three four five", limit: 4)
        #expect(ids.count == 4 && ids.first == tokenizer.cls && ids.last == tokenizer.sep)
        #expect(tokenizer.encode("", limit: 4) == [tokenizer.cls, tokenizer.sep])
    }

    @Test func aVocabularyWithoutSpecialTokensIsAClearError() {
        #expect(throws: DataError.malformed(path: "v.txt", reason: "the vocabulary has no [PAD] token")) {
            try WordPiece(pieces: ["a", "b"], source: "v.txt")
        }
    }
}

@Suite struct MiniLMParityTests {
    @Test func tinyRandomBertMatchesHuggingFace() throws {
        let dir = MiniLMFixtures.dir
        var config = try BERTConfig(configFile: "\(dir)/tiny_bert_config.json")
        config.classes = 2
        let model = MiniLM(config, seed: 0)
        try model.load(
            MiniLMWeights.tensors(file: "\(dir)/tiny_bert.safetensors", config: config), strict: false)
        let (hidden, pooled) = MiniLMFixtures.compare(
            model, try Safetensors.load("\(dir)/tiny_bert_outputs.safetensors").tensors)
        #expect(hidden < 1e-5 && pooled < 1e-5, "hidden \(hidden), pooled \(pooled)")
    }

    @Test(.enabled(if: MiniLMFixtures.realModel != nil || MiniLMFixtures.requireRealModel))
    func allMiniLMMatchesHuggingFace() throws {
        let dir = try MiniLMWeights.locate()
        let config = try BERTConfig(configFile: "\(dir)/config.json")
        #expect(config.eps == 1e-12 && config.dim == 384 && config.depth == 6 && config.vocab == 30_522)
        let model = MiniLM(config, seed: 0)
        try model.load(MiniLMWeights.tensors(file: "\(dir)/model.safetensors", config: config), strict: false)
        let (hidden, pooled) = MiniLMFixtures.compare(
            model, try Safetensors.load("\(MiniLMFixtures.dir)/forward.safetensors").tensors)
        #expect(hidden < 1e-4 && pooled < 1e-4, "hidden \(hidden), pooled \(pooled)")
        // And the tokenizer from the package's own vocab.txt gives the fixture's ids.
        let texts = try #require(try MiniLMFixtures.json("forward.json")["texts"] as? [String])
        let tokenizer = try WordPiece(vocabularyFile: "\(dir)/vocab.txt")
        let (ids, _, t, lengths) = MiniLMFixtures.batch(
            try Safetensors.load("\(MiniLMFixtures.dir)/forward.safetensors").tensors)
        for (i, text) in texts.enumerated() {
            #expect(tokenizer.encode(text) == Array(ids[(i * t)..<(i * t + lengths[i])]))
        }
    }

    @Test func hfNamesRoundTrip() {
        let model = MiniLM(seed: 0)
        for (name, _) in model.namedParameters() where !name.hasPrefix("head.") {
            let hf = MiniLMWeights.huggingFaceName(name)
            #expect(hf != nil && MiniLMWeights.ourName(hf!) == name, "\(name) → \(hf ?? "nil")")
        }
        #expect(MiniLMWeights.huggingFaceName("blocks.3.attn.v") == "encoder.layer.3.attention.self.value")
        #expect(MiniLMWeights.huggingFaceName("blocks.0.ln2.bias") == "encoder.layer.0.output.LayerNorm.bias")
    }

    @Test func aMissingModelSaysHowToInstallIt() {
        #expect {
            try MiniLMWeights.locate("/nonexistent/minilm")
        } throws: { error in
            "\(error)".contains("--minilm /nonexistent/minilm: no model.safetensors")
        }
    }
}
