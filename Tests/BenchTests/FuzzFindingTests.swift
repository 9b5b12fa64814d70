// Every input scripts/fuzz ever found crashing a parser, replayed: each must now be handled
// (refused with an error or parsed), never trap. A new finding is a new file in
// FuzzFindings/TARGET/; this test needs no edit.

import Foundation
import Testing

@testable import Bench

@Suite struct FuzzFindingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    @Test(arguments: FuzzTarget.allCases)
    func findingsAreHandled(_ target: FuzzTarget) throws {
        let folder = Self.root.appendingPathComponent("FuzzFindings/\(target.rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        let claims = try Claims.load(Self.root.appendingPathComponent("../../suites/claims.toml").path)
        for name in names {
            target.run(try Data(contentsOf: folder.appendingPathComponent(name)), claims: claims)
        }
    }

    /// The toml++ assertion (a table header starting with no key) is refused with its position,
    /// wherever the text comes from; valid headers, and brackets in strings and arrays, pass.
    @Test func badTableHeadersAreRefusedWithTheirPosition() throws {
        let cases = [
            ("[.", 1, 1), ("a = 1\n  [[=", 2, 3), ("[[[1]]]", 1, 1), ("x = 2\n[\n", 2, 1),
            ("\u{FEFF}[.", 1, 1),  // after a byte-order mark, which toml++ skips
            ("a = [\"\"\"x\"\"\"\"]\n[.]", 2, 1), ("a = ['''x'''']\n[.]", 2, 1),  // "x" and one quote
            ("a = \"\"\"x\\\ny\"\"\"\n[.", 3, 1),  // a line-ending backslash still ends a line
        ]
        for (text, line, column) in cases {
            #expect(badTableHeader(text)! == (line, column), "\(text)")
            #expect(throws: SuiteError.self) { try SuiteFile.parse(text, file: "s.toml", name: "s") }
            #expect(throws: SuiteError.self) { try LearningRates.parse(text, path: "r.toml", digest: "0") }
            #expect(throws: SuiteError.self) { try Claims.parse(text, path: "c.toml") }
        }
        let error = try #require(throws: SuiteError.self) {
            try SuiteFile.parse("a = 1\n[.x]", file: "s.toml", name: "s")
        }
        #expect(error.location == "s.toml:2:1")
        let valid = """
            [a."b.c"]   # [. in a comment
            x = "[."
            y = '''
            [.
            '''
            z = [
              [1, 2],
              ["[."],
            ]
            [[d]]
            [ e . f ]
            [-g]
            """
        #expect(badTableHeader(valid) == nil)
        #expect(badTableHeader("a = [ \"\"\"x\"\"\"\", \"]\",\n  [\n    1,\n  ],\n]\n") == nil)
        for file in try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("../../suites").path)
        {
            let text = try String(
                contentsOfFile: Self.root.appendingPathComponent("../../suites/\(file)").path, encoding: .utf8)
            #expect(badTableHeader(text) == nil, "\(file)")
        }
    }

    /// A number no Int holds (and inf, nan) in a result CSV reaches no integer conversion.
    @Test func nonFiniteAndHugeNumbersAreNotNumbers() {
        let record = ResultRecord(fields: ["a": "inf", "b": "nan", "c": "29999999999999999990", "d": "3"])
        #expect(record.number("a") == nil && record.number("b") == nil && record.number("d") == 3)
        #expect(fmt(record.number("c")!) == "3e+19")
    }
}
