// The `nouns8` examples: WordNet noun definitions (the gloss without its examples, never the
// lemma, which would give the label away) labelled with one of 8 supersenses, a fixed seeded
// sample of `perClass` synsets each. The offsets are returned too, so the pretraining corpus can
// leave these synsets out.

import Tensor

public struct LabelledText: Sendable, Equatable {
    public let text: String
    public let label: Int
    public let synset: Int  // WordNet offset
}

public enum Nouns8 {
    /// (lexicographer file, name) in label order; see lexnames(5WN).
    public static let classes: [(lexFile: Int, name: String)] = [
        (5, "noun.animal"), (6, "noun.artifact"), (8, "noun.body"), (13, "noun.food"),
        (15, "noun.location"), (18, "noun.person"), (20, "noun.plant"), (27, "noun.substance"),
    ]

    /// `perClass` examples of each class, the same for the same seed.
    public static func load(perClass: Int = 400, seed: UInt64 = 8, directory: String = WordNet.directory) throws
        -> [LabelledText]
    {
        let nouns = try WordNet.synsets("noun", directory: directory)
        var rng = RNG(seed: seed)
        var out: [LabelledText] = []
        for (label, c) in classes.enumerated() {
            var pool = nouns.filter { $0.lexFile == c.lexFile && !$0.definition.isEmpty }
            guard pool.count >= perClass else {
                throw DataError.malformed(
                    path: "\(directory)/data.noun",
                    reason: "\(c.name) has \(pool.count) synsets, fewer than \(perClass)")
            }
            pool.shuffle(using: &rng)
            out += pool.prefix(perClass).map { LabelledText(text: $0.definition, label: label, synset: $0.offset) }
        }
        return out
    }
}
