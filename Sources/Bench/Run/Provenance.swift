// Errors and provenance shared by every part of Bench: a bad input's one-line message, and the
// code revision and time every result row and benchmark row records.

import Foundation

public enum BenchError: Error, CustomStringConvertible {
    case invalid(String)
    case reference(String)
    public var description: String {
        switch self {
        case let .invalid(s), let .reference(s): return s
        }
    }
}

public enum Provenance {
    /// `git rev-parse --short HEAD` of the source checkout, or "unknown".
    public static let gitRevision: String = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "git", "-C", URL(fileURLWithPath: #filePath).deletingLastPathComponent().path, "rev-parse", "--short",
            "HEAD",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "unknown" }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let rev = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && !rev.isEmpty ? rev : "unknown"
    }()

    /// ISO 8601 UTC time, to the second.
    public static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
