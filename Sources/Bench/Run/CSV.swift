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
        try writeAtomically(Data(([header] + rows).map(line).joined().utf8), to: path)
    }
}

/// Writes `data` to `path` through a temporary file and a rename, creating the folder; a failure
/// (a read-only folder, a full disk, a file where a folder should be) is one line naming the
/// path and the system's reason, never a Foundation error dump.
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    } catch {
        throw BenchError.invalid("\(path): cannot write it: \(systemReason(error))")
    }
}

/// The POSIX reason under a Foundation file error ("Read-only file system", "No space left on
/// device"), else its description.
func systemReason(_ error: Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    return ns.localizedDescription
}
