// Byte-level text for `lm`: UTF-8 bytes as token ids 1…255 (WordNet text has no NUL), 0 as pad.

public enum ByteText {
    public static let pad = 0

    /// The UTF-8 bytes of `text`, at most `limit` of them.
    public static func encode(_ text: String, limit: Int) -> [Int] { text.utf8.prefix(limit).map(Int.init) }

    /// Right-padded batch: ids (B·T row-major) with T the longest sequence, and each real length;
    /// `pad` fills the rest (0 for bytes; a tokenizer's [PAD] id for WordPiece).
    public static func batch(_ sequences: [[Int]], pad: Int = pad) -> (ids: [Int], length: Int, lengths: [Int]) {
        let t = sequences.map(\.count).max() ?? 0
        var ids = [Int](repeating: pad, count: sequences.count * t)
        for (i, s) in sequences.enumerated() { ids.replaceSubrange((i * t)..<(i * t + s.count), with: s) }
        return (ids, t, sequences.map(\.count))
    }
}
