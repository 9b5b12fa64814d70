// Every TOML text PEFTBench reads (suites, `--set` values, rates files, claims files) is parsed
// here. toml++ 3.4.0, inside TOMLKit, asserts — aborting the process — on a table header whose key
// starts with a character no key can start with: `[.`, `[[=`, `[[[1]]]` (found by scripts/fuzz;
// marzer/tomlplusplus#301 fixes it upstream, not in the TOMLKit this package builds with). So a
// scanner finds the table headers first and refuses such a header with its line and column.

import Foundation
import TOMLKit

/// The table of a TOML text; errors name file:line:column.
func parseTOML(_ text: String, file: String) throws -> TOMLTable {
    if let (line, column) = badTableHeader(text) {
        throw SuiteError(
            location: "\(file):\(line):\(column)",
            message: "a table header must start with a key: a bare key (A-Za-z0-9_-) or a quoted one")
    }
    do { return try TOMLTable(string: text) } catch let e as TOMLParseError {
        throw SuiteError(location: "\(file):\(e.source.begin.line):\(e.source.begin.column)", message: e.description)
    }
}

/// The 1-based line and column of the first table header (`[` or `[[` at the start of a statement)
/// whose next character, after spaces, can neither start a key nor close the header; nil if none.
/// Strings, comments and arrays spanning lines are skipped, so only real headers are looked at.
func badTableHeader(_ text: String) -> (Int, Int)? {
    let c = Array(text.unicodeScalars)
    var i = 0, line = 1, lineStart = 0
    var depth = 0  // open [ and { of a value
    var statementStart = true, inHeader = false
    if c.first == "\u{FEFF}" { (i, lineStart) = (1, 1) }  // toml++ skips a byte-order mark
    func at(_ k: Int) -> Character? { k < c.count ? Character(c[k]) : nil }
    func skipSpaces() { while at(i) == " " || at(i) == "\t" { i += 1 } }
    /// Moves past a string opened by `quote` at i (basic strings have escapes).
    func skipString(_ quote: Character) {
        let multi = at(i + 1) == quote && at(i + 2) == quote
        i += multi ? 3 : 1
        while let ch = at(i) {
            if ch == "\\" && quote == "\"" {
                if at(i + 1) == "\n" {  // a line-ending backslash: the line still counts
                    line += 1
                    lineStart = i + 2
                }
                i += 2
                continue
            }
            if ch == "\n" {
                if !multi { return }
                line += 1
                lineStart = i + 1
            }
            if ch == quote && !multi {
                i += 1
                return
            }
            if ch == quote && at(i + 1) == quote && at(i + 2) == quote {
                // The content may end in one or two quotes: `""""` and `"""""` close too.
                i += 3
                for _ in 0..<2 where at(i) == quote { i += 1 }
                return
            }
            i += 1
        }
    }
    while let ch = at(i) {
        switch ch {
        case "\n":
            line += 1
            lineStart = i + 1
            i += 1
            inHeader = false
            statementStart = depth == 0
        case " ", "\t", "\r":
            i += 1
        case "#":
            while let x = at(i), x != "\n" { i += 1 }
        case "\"", "'":
            statementStart = false
            skipString(ch)
        case "[" where statementStart:
            let header = (line, i - lineStart + 1)
            i += 1
            skipSpaces()
            if at(i) == "[" {
                i += 1
                skipSpaces()
            }
            if let next = at(i), !(next.isASCII && (next.isLetter || next.isNumber)),
                !"-_\"']".contains(next)
            {
                return header
            }
            statementStart = false
            inHeader = true
        default:
            if !inHeader && (ch == "[" || ch == "{") { depth += 1 }
            if !inHeader && (ch == "]" || ch == "}") { depth = max(0, depth - 1) }
            statementStart = false
            i += 1
        }
    }
    return nil
}

/// Where each key of a TOML text is: dotted path → (line, column), both 1-based. Covers what
/// suite files use: [table] headers, `key = value` and dotted keys; a path not found falls back
/// to its nearest enclosing table.
struct KeyPositions {
    private var positions: [String: (Int, Int)] = [:]

    init(_ text: String) {
        var table: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let column = line.count - trimmed.count + 1
            if trimmed.hasPrefix("[") {
                let inner = trimmed.drop { $0 == "[" }.prefix { $0 != "]" }
                table = Self.split(String(inner))
                positions[table.joined(separator: "."), default: (n + 1, column)] =
                    positions[table.joined(separator: ".")] ?? (n + 1, column)
            } else if let eq = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#") {
                let key = Self.split(String(trimmed[..<eq]))
                let path = (table + key).joined(separator: ".")
                if positions[path] == nil { positions[path] = (n + 1, column) }
            }
        }
    }

    static func split(_ key: String) -> [String] {
        key.split(separator: ".").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")) }
    }

    func position(_ path: [String]) -> (Int, Int) {
        var p = path
        while !p.isEmpty {
            if let found = positions[p.joined(separator: ".")] { return found }
            p.removeLast()
        }
        return (1, 1)
    }
}
