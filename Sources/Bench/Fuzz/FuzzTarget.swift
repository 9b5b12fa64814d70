// The parsers of files a user may have been sent, as fuzzing entry points (scripts/fuzz drives
// them under libFuzzer through the peftbench-fuzz tool; FuzzFindingTests replays every input
// that ever crashed one). Each takes raw bytes and may throw anything, but must never trap.

import Foundation
import Tensor

public enum FuzzTarget: String, CaseIterable, Sendable {
    /// TOML: a suite (lines "#--set KEY=VALUE" become overrides), a rates file, a claims file.
    case suite
    /// A result CSV, through everything `tables` and `plot` build from it: T1–T4 and the charts.
    case csv
    /// A safetensors file's header and data.
    case safetensors

    /// Feeds `data` to the target's parsers; `claims` are checked against a CSV for T4.
    public func run(_ data: Data, claims: [Claim]) {
        switch self {
        case .suite:
            let text = String(decoding: data, as: UTF8.self)
            let overrides = text.split(separator: "\n").filter { $0.hasPrefix("#--set ") }.map {
                String($0.dropFirst(7))
            }
            _ = try? SuiteFile.parse(text, file: "<fuzz>", name: "fuzz", overrides: overrides)
            _ = try? LearningRates.parse(text, path: "<fuzz>", digest: "0")
            _ = try? Claims.parse(text, path: "<fuzz>")
        case .csv:
            guard let parsed = try? CSV.parse(data, path: "<fuzz>"),
                let results = try? Results.combine([("<fuzz>", parsed)])
            else { return }
            _ = Reports.tables(results, claims: claims).map { $0.markdown + $0.latex + $0.csv }
            _ = Charts.all(results, suite: "fuzz", curves: nil).map(\.script)
        case .safetensors:
            _ = try? Safetensors.decode(data, path: "<fuzz>")
        }
    }
}
