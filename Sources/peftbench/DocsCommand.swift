// `peftbench docs [--check]`: regenerates docs/METHODS.md and the README's methods table (from
// the registry), docs/RESULTS.md and the README's results and findings blocks (from the
// published CSVs). With --check it writes nothing and
// fails when a generated file is stale (CI runs it).

import ArgumentParser
import Bench
import Foundation

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs", abstract: "Regenerate docs/METHODS.md, docs/RESULTS.md and the README's results block.")

    @Flag(help: "Write nothing; exit 1 if a generated file differs from what it would be.")
    var check = false

    @Option(help: "The folder of the published results (full.csv, tune.csv, the ablation unified.csv).")
    var published = "published"

    @Option(help: "The claims file for T4.")
    var claims = "suites/claims.toml"

    func run() throws {
        var files: [(path: String, text: String)] = [("docs/METHODS.md", Docs.methods())]
        let csvs = ["full.csv", "tune.csv", "unified.csv"].map { "\(published)/\($0)" }.filter {
            FileManager.default.fileExists(atPath: $0)
        }
        var readme = try Docs.splice(
            try String(contentsOfFile: "README.md", encoding: .utf8), name: "methods", block: Docs.methodsByFamily())
        if !csvs.isEmpty {
            let (results, claims) = (try Results.load(csvs), try Claims.load(claims))
            files.append(("docs/RESULTS.md", Docs.results(results, claims: claims, suiteFiles: csvs)))
            readme = try Docs.splice(readme, name: "results", block: Docs.headline(results))
            readme = try Docs.splice(readme, name: "findings", block: Docs.findings(results, claims: claims))
        }
        files.append(("README.md", readme))
        var stale: [String] = []
        for (path, text) in files {
            let current = try? String(contentsOfFile: path, encoding: .utf8)
            guard current != text else { continue }
            if check {
                stale.append(path)
            } else {
                try writeAtomically(Data(text.utf8), to: path); print("wrote \(path)")
            }
        }
        if check {
            guard stale.isEmpty else {
                throw CLIError("stale generated docs: \(stale.joined(separator: ", ")); run `peftbench docs`")
            }
            print("generated docs are up to date (\(files.map(\.path).joined(separator: ", ")))")
        }
    }
}
