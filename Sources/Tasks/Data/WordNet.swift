// WordNet 3.0 synsets from Debian's wordnet-base (/usr/share/wordnet/data.{noun,verb,adj,adv}).
// A data line is `offset lex_filenum ss_type w_cnt word lex_id … | gloss`, w_cnt in hex; lines
// that start with two spaces are the license header. `lex_filenum` names the lexicographer file,
// i.e. the supersense (05 noun.animal, 06 noun.artifact, …; lexnames(5WN)).

import Foundation

public struct Synset: Sendable, Equatable {
    public let offset: Int
    public let lexFile: Int  // supersense id, 0…44
    public let words: [String]  // lemmas, underscores as spaces
    public let gloss: String  // definition and examples
    /// The definition alone: the gloss up to its first quoted example (`; "`).
    public var definition: String {
        let g = gloss.range(of: "; \"").map { String(gloss[..<$0.lowerBound]) } ?? gloss
        return g.trimmingCharacters(in: .whitespaces)
    }
}

public enum WordNet {
    public static let directory = "/usr/share/wordnet"
    public static let package = "wordnet-base"

    /// Every synset of one part of speech ("noun", "verb", "adj", "adv").
    public static func synsets(_ pos: String, directory: String = directory) throws -> [Synset] {
        let path = "\(directory)/data.\(pos)"
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError.missing(path: path, package: package)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DataError.malformed(path: path, reason: "not readable as UTF-8 text")
        }
        var out: [Synset] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated()
        where !line.hasPrefix("  ") {
            guard let s = parse(line) else {
                throw DataError.malformed(path: path, reason: "line \(n + 1) is not a synset line")
            }
            out.append(s)
        }
        return out
    }

    /// One data line, or nil if it does not have the synset layout.
    public static func parse(_ line: Substring) -> Synset? {
        guard let bar = line.range(of: " | ") else { return nil }
        let fields = line[..<bar.lowerBound].split(separator: " ")
        guard fields.count >= 4, let offset = Int(fields[0]), let lex = Int(fields[1]),
            let wcnt = Int(fields[3], radix: 16), fields.count >= 4 + 2 * wcnt
        else { return nil }
        let words = (0..<wcnt).map { fields[4 + 2 * $0].replacingOccurrences(of: "_", with: " ") }
        return Synset(
            offset: offset, lexFile: lex, words: words,
            gloss: String(line[bar.upperBound...]).trimmingCharacters(in: .whitespaces))
    }
}
