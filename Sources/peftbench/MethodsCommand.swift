// `peftbench methods`: the registry as a table (name, family, trainable formula, mergeable,
// paper); `--markdown` prints the README's table.

import ArgumentParser
import PEFT

struct MethodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "methods", abstract: "List the registered PEFT methods.")

    @Flag(help: "Print a Markdown table (the README's).")
    var markdown = false

    @Flag(help: "List every deliberate departure from a method's paper or HF PEFT, with its reason.")
    var departures = false

    func run() {
        if departures {
            for m in allMethods where !m.departures.isEmpty {
                print(markdown ? "- **`\(m.name)`** (arXiv \(m.paper)):" : "\(m.name) (arXiv \(m.paper)):")
                for d in m.departures { print(markdown ? "  - \(d)." : "  - \(d)") }
            }
            return
        }
        let rows = allMethods.map { m in
            [
                m.name, m.family.rawValue, m.formula, m.mergeable ? "yes" : "no",
                m.paper == "—" ? "—" : "arXiv \(m.paper)",
            ]
        }
        let header = ["method", "family", "trainable parameters", "merges", "paper"]
        if markdown {
            print("| " + header.joined(separator: " | ") + " |")
            print("|" + String(repeating: "---|", count: header.count))
            for r in rows { print("| `\(r[0])` | " + r.dropFirst().joined(separator: " | ") + " |") }
            return
        }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        for r in [header] + rows {
            print(
                r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                    separator: "  "))
        }
    }
}
