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
        try sample(classes, atMost: perClass, atLeast: perClass, seed: seed, directory: directory)
    }

    /// Up to `atMost` noun definitions of each class (a class with fewer than `atLeast` is an
    /// error), a seeded shuffle within each class.
    static func sample(
        _ classes: [(lexFile: Int, name: String)], atMost: Int, atLeast: Int, seed: UInt64, directory: String
    ) throws -> [LabelledText] {
        let nouns = try WordNet.synsets("noun", directory: directory)
        var rng = RNG(seed: seed)
        var out: [LabelledText] = []
        for (label, c) in classes.enumerated() {
            var pool = nouns.filter { $0.lexFile == c.lexFile && !$0.definition.isEmpty }
            guard pool.count >= atLeast else {
                throw DataError.malformed(
                    path: "\(directory)/data.noun",
                    reason: "\(c.name) has \(pool.count) synsets, fewer than \(atLeast)")
            }
            pool.shuffle(using: &rng)
            out += pool.prefix(atMost).map { LabelledText(text: $0.definition, label: label, synset: $0.offset) }
        }
        return out
    }
}

/// The `nouns26` examples: every noun lexicographer class (lexnames(5WN), files 03–28), up to 150
/// definitions each; noun.Tops (51) and noun.motive (42) have fewer, the rest are capped.
public enum Nouns26 {
    public static let classes: [(lexFile: Int, name: String)] = [
        "Tops", "act", "animal", "artifact", "attribute", "body", "cognition", "communication", "event", "feeling",
        "food", "group", "location", "motive", "object", "person", "phenomenon", "plant", "possession", "process",
        "quantity", "relation", "shape", "state", "substance", "time",
    ].enumerated().map { (3 + $0, "noun." + $1) }

    public static func load(perClass: Int = 150, seed: UInt64 = 26, directory: String = WordNet.directory) throws
        -> [LabelledText]
    {
        try Nouns8.sample(classes, atMost: perClass, atLeast: 40, seed: seed, directory: directory)
    }
}
