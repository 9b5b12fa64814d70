// BERT's uncased WordPiece tokenizer (Devlin et al., arXiv 1810.04805; the rules of Hugging Face's
// BertTokenizer with do_lower_case): text → [CLS] pieces… [SEP] ids.
//   1. clean: drop NUL, U+FFFD and control characters (category C* except \t \n \r); whitespace
//      (\t \n \r, category Zs) becomes a space;
//   2. put spaces around CJK ideographs, so each is a word;
//   3. per whitespace-separated word: lower-case, decompose (NFD) and drop the combining marks
//      (category Mn, the accents), split off every punctuation character (ASCII symbols and
//      category P*) as its own word;
//   4. per word: longer than 100 characters → [UNK]; else greedy longest match from the left
//      against the vocabulary, later pieces prefixed "##"; a word with an unmatched rest → [UNK].
// Tests hold it to Hugging Face's ids on committed fixtures (scripts/minilm_fixtures.py).

import Foundation

public struct WordPiece: Sendable {
    public let vocabulary: [String: Int]
    public let pad: Int, unknown: Int, cls: Int, sep: Int
    static let maxWordCharacters = 100

    /// Reads a vocab.txt (one piece per line, its id the line number).
    public init(vocabularyFile path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DataError.malformed(path: path, reason: "not readable as UTF-8 text")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        try self.init(pieces: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, source: path)
    }

    public init(pieces: [String], source: String = "<memory>") throws {
        var vocabulary: [String: Int] = [:]
        for (i, p) in pieces.enumerated() where vocabulary[p] == nil { vocabulary[p] = i }
        func id(_ token: String) throws -> Int {
            guard let i = vocabulary[token] else {
                throw DataError.malformed(path: source, reason: "the vocabulary has no \(token) token")
            }
            return i
        }
        self.vocabulary = vocabulary
        (pad, unknown, cls, sep) = (try id("[PAD]"), try id("[UNK]"), try id("[CLS]"), try id("[SEP]"))
    }

    /// [CLS] pieces… [SEP], truncated to at most `limit` ids (the pieces are cut, [SEP] kept).
    public func encode(_ text: String, limit: Int = .max) -> [Int] {
        let pieces = Self.words(text).flatMap(pieces(of:))
        return [cls] + pieces.prefix(Swift.max(0, limit - 2)) + [sep]
    }

    /// Steps 1–3: the basic tokenizer's words.
    static func words(_ text: String) -> [String] {
        var spaced = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || isControl(s) { continue }
            if isWhitespace(s) {
                spaced.append(" ")
            } else if isCJK(s) {
                spaced.append(contentsOf: [" ", s, " "])
            } else {
                spaced.append(s)
            }
        }
        var out: [String] = []
        for word in String(spaced).split(separator: " ") {
            var current = String.UnicodeScalarView()
            for s in lowercased(String(word)).decomposedStringWithCanonicalMapping.unicodeScalars
            where s.properties.generalCategory != .nonspacingMark {
                if isPunctuation(s) {
                    if !current.isEmpty { out.append(String(current)) }
                    out.append(String(s))
                    current = String.UnicodeScalarView()
                } else {
                    current.append(s)
                }
            }
            if !current.isEmpty { out.append(String(current)) }
        }
        return out
    }

    /// Step 4 for one word.
    func pieces(of word: String) -> [Int] {
        let chars = Array(word.unicodeScalars)
        guard chars.count <= Self.maxWordCharacters else { return [unknown] }
        var out: [Int] = [], start = 0
        while start < chars.count {
            var end = chars.count, found: Int?
            while end > start {
                var piece = String(String.UnicodeScalarView(chars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else { return [unknown] }
            out.append(found)
            start = end
        }
        return out
    }

    /// Full Unicode lower-casing per scalar (İ → i̇), as Python's str.lower.
    static func lowercased(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        for s in word.unicodeScalars { out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars) }
        return String(out)
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII symbols count as punctuation too ($, +, ^, `…), as in BERT.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT splits per character (not Hangul or kana).
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let ranges: [ClosedRange<UInt32>] = [
            0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
        ]
        return ranges.contains { $0.contains(s.value) }
    }
}
