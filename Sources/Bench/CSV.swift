// CSV output through libcsv: each field is quoted by csv_write exactly when RFC 4180 requires it.
// A file is written to a temporary name and renamed, so a reader never sees a half-written table.

import CCSV
import Foundation

public enum CSV {
    /// One RFC 4180 field.
    public static func field(_ s: String) -> String {
        let src = Array(s.utf8)
        var dst = [UInt8](repeating: 0, count: 2 * src.count + 3)
        let n = src.withUnsafeBytes { s in
            dst.withUnsafeMutableBytes { d in csv_write(d.baseAddress, d.count, s.baseAddress, s.count) }
        }
        let quoted = String(decoding: dst[0..<n], as: UTF8.self)
        // csv_write always quotes; RFC 4180 needs quotes only around , " CR LF. (Bytes, not
        // Characters: "\r\n" is one Character, so a bare "\n" would not match it.)
        return src.contains { $0 == 44 || $0 == 34 || $0 == 13 || $0 == 10 } ? quoted : s
    }

    /// One line (with the trailing newline).
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }

    /// Writes a header and rows atomically (temporary file, then rename).
    public static func write(header: [String], rows: [[String]], to path: String) throws {
        let text = ([header] + rows).map(line).joined()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
