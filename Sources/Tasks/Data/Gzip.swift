// Reading a gzipped file whole, through zlib.

import CZlib
import Foundation

enum Gzip {
    /// The decompressed bytes of `path`; `package` names the Debian package that provides it.
    static func read(_ path: String, package: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError.missing(path: path, package: package)
        }
        guard let file = gzopen(path, "rb") else { throw DataError.malformed(path: path, reason: "cannot be opened") }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 { throw DataError.malformed(path: path, reason: "not a valid gzip stream") }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }
}
