// A table written three ways: Markdown (the README), LaTeX (a paper), CSV (a spreadsheet).

import Foundation

public struct ReportTable: Sendable {
    public let name: String  // file stem: t1-methods
    public let title: String
    public let header: [String]
    public var rows: [[String]]
    public var notes: [String]

    public init(name: String, title: String, header: [String], rows: [[String]], notes: [String]) {
        (self.name, self.title, self.header, self.rows, self.notes) = (name, title, header, rows, notes)
    }

    public var markdown: String {
        var out = "### \(title)\n\n"
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for r in rows {
            out += "| " + r.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out + (notes.isEmpty ? "" : "\n" + notes.map { "- \($0)" }.joined(separator: "\n") + "\n")
    }

    public var latex: String {
        func esc(_ s: String) -> String {
            var t = ""
            for c in s {
                switch c {
                case "\\": t += "\\textbackslash{}"
                case "&", "%", "$", "#", "_", "{", "}": t += "\\\(c)"
                case "~": t += "\\textasciitilde{}"
                case "^": t += "\\textasciicircum{}"
                case "±": t += "$\\pm$"
                case "×": t += "$\\times$"
                case "≈": t += "$\\approx$"
                case "≤": t += "$\\le$"
                case "≥": t += "$\\ge$"
                case "−": t += "$-$"
                default: t.append(c)
                }
            }
            return t
        }
        var out = "% \(title) (written by `peftbench tables`)\n\\begin{table}[t]\n\\centering\n\\small\n"
        out += "\\begin{tabular}{" + header.map { _ in "l" }.joined() + "}\n\\toprule\n"
        out += header.map(esc).joined(separator: " & ") + " \\\\\n\\midrule\n"
        for r in rows { out += r.map(esc).joined(separator: " & ") + " \\\\\n" }
        out += "\\bottomrule\n\\end{tabular}\n\\caption{\(esc(title))}\n\\end{table}\n"
        return out
    }

    public var csv: String { ([header] + rows).map(CSV.line).joined() }

    /// Writes NAME.md, NAME.tex and NAME.csv into `directory`.
    public func write(into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (ext, text) in [("md", markdown), ("tex", latex), ("csv", csv)] {
            try text.write(toFile: "\(directory)/\(name).\(ext)", atomically: true, encoding: .utf8)
        }
    }
}
