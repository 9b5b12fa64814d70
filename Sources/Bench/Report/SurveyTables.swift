// The surveys' tables, regenerated from our own result rows (no training):
//   T1 method properties (Lialin et al. 2303.15647 Table 1, the surveys' method tables): family,
//      trainable formula and measured share, changed share, storage, peak memory and inference
//      time relative to full fine-tuning, mergeable;
//   T2 quality per task, mean ± 95% CI over seeds and rank groups (the surveys' GLUE tables);
//   T3 memory and speed per task (Xu et al. 2312.12148).
// Each method's row uses its runs with default options; costs are medians over seeds.

import Foundation
import PEFT
import Tasks

public struct SurveyTables {
    let results: Results
    let tasks: [String]
    /// Default-option ok rows per task and method, one per seed (the last recorded).
    let runs: [String: [String: [ResultRecord]]]

    /// Tables from the rows on the test split (search rows, on validation, never enter them).
    public init(_ results: Results) {
        let results = results.on(.test)
        self.results = results
        tasks = results.tasks
        var runs: [String: [String: [String: ResultRecord]]] = [:]
        for r in results.ok where r.options.isEmpty { runs[r.task, default: [:]][r.method, default: [:]][r.seed] = r }
        self.runs = runs.mapValues { $0.mapValues { Array($0.values).sorted { $0.seed < $1.seed } } }
    }

    func rows(_ task: String, _ method: String) -> [ResultRecord] { runs[task]?[method] ?? [] }
    func values(_ task: String, _ method: String) -> [Double] { rows(task, method).map(\.value).filter(\.isFinite) }
    func med(_ task: String, _ method: String, _ column: String) -> Double? {
        med(task, method) { $0.number(column) }
    }
    /// The median over seeds of a number read from each row.
    func med(_ task: String, _ method: String, _ value: (ResultRecord) -> Double?) -> Double? {
        let xs = rows(task, method).compactMap(value).filter(\.isFinite)
        return xs.isEmpty ? nil : median(xs)
    }
    /// `column` of `method` over full fine-tuning's, on one task.
    func relative(
        _ task: String, _ method: String, _ column: String, over base: String = "full", baseColumn: String? = nil
    ) -> Double? {
        guard let a = med(task, method, column), let b = med(task, base, baseColumn ?? column), b > 0 else {
            return nil
        }
        return a / b
    }
    /// One cell per task, "a / b / c" ("—" where a task has no number).
    func perTask(_ f: (String) -> String?) -> String { tasks.map { f($0) ?? "—" }.joined(separator: " / ") }
    var taskNote: String { "Cells with several numbers are per task, in the order \(tasks.joined(separator: " / "))." }

    public var all: [ReportTable] { [t1, t2, t3] }

    public var t1: ReportTable {
        let table = results.methods.map { name -> [String] in
            let m = try? methodType(named: name)
            return [
                name, m?.family.rawValue ?? "", m?.formula ?? "",
                perTask { t in
                    relative(t, name, "trainable_params", over: name, baseColumn: "total_params").map { pct($0) }
                },
                perTask { t in
                    relative(t, name, "changed_params", over: name, baseColumn: "total_params").map { pct($0) }
                },
                perTask { t in med(t, name, "adapter_bytes").map { kb($0) } },
                perTask { t in relative(t, name, "peak_train_bytes").map { times($0) } },
                perTask { t in relative(t, name, "infer_ms").map { times($0) } },
                perTask { t in relative(t, name, "infer_merged_ms", baseColumn: "infer_ms").map { times($0) } },
                m.map { $0.mergeable ? "yes" : "no" } ?? "",
            ]
        }
        return ReportTable(
            name: "t1-methods", title: "T1. Method properties, measured",
            header: [
                "method", "family", "trainable (formula)", "trainable %", "changed %", "stored KB",
                "peak memory ×full", "inference ×full", "merged ×full", "mergeable",
            ],
            rows: table,
            notes: [
                taskNote,
                "trainable % excludes the task head; changed % counts entries of the deployed model that differ from the pretrained one (merged where the method merges) plus added tensors that stay.",
                "stored KB: what a task must keep (the method's stored form plus the head), as safetensors.",
                "×full: the median over seeds divided by full fine-tuning's on the same task; inference is one forward pass over 64 held-out examples, unmerged and merged.",
            ])
    }

    /// Rank groups per task (Statistics.rankGroups over the seeds' values).
    var groups: [String: [String: Int]] {
        Dictionary(
            uniqueKeysWithValues: tasks.map { t in
                (
                    t,
                    Statistics.rankGroups(
                        Dictionary(uniqueKeysWithValues: results.methods.map { ($0, values(t, $0)) }),
                        higherIsBetter: Results.higherIsBetter(t))
                )
            })
    }

    public var t2: ReportTable {
        let groups = self.groups
        let table = results.methods.map { m -> [String] in
            let cells = tasks.map { t -> String in
                let v = values(t, m)
                guard !v.isEmpty else { return statusCell(t, m) }
                let s = Stats(v)
                return num(s.mean) + (Statistics.ci95(s).map { " ± \(num($0))" } ?? "") + " [\(groups[t]![m]!)]"
            }
            let g = tasks.compactMap { groups[$0]?[m] }
            let avg = g.isEmpty ? "—" : String(format: "%.1f", Double(g.reduce(0, +)) / Double(g.count))
            return [m, (try? methodType(named: m))?.family.rawValue ?? ""] + cells + [avg]
        }
        // By mean group; ties keep the registry order.
        let order = Dictionary(uniqueKeysWithValues: results.methods.enumerated().map { ($1, $0) })
        let sorted = table.sorted { a, b in
            let (x, y) = (Double(a.last!) ?? .infinity, Double(b.last!) ?? .infinity)
            return x != y ? x < y : order[a[0]]! < order[b[0]]!
        }
        let counts = Set(tasks.flatMap { t in results.methods.map { values(t, $0).count } }.filter { $0 > 0 }).sorted()
        let sources = Set(results.ok.map { $0["lr_source"].components(separatedBy: " (").first ?? "" }).sorted()
        return ReportTable(
            name: "t2-quality", title: "T2. Quality per task on the test split: mean ± 95% CI over seeds [rank group]",
            header: ["method", "family"]
                + tasks.map { t in "\(t) \(metricName(t))\(Results.higherIsBetter(t) ? " ↑" : " ↓")" } + ["mean group"],
            rows: sorted,
            notes: [
                "Seeds per cell: \(counts.map(String.init).joined(separator: " or ")). 95% CI: Student t with n − 1 degrees of freedom over the seeds (none with one seed).",
                "Rank group: 1 = not significantly worse than the task's best method (one-sided Welch t-test over seeds, Holm-corrected over the round's comparisons, α = 0.05); the methods left are grouped again the same way. A cell with one seed cannot be told apart and joins the current group. Sorted by the mean group over the tasks a method ran on.",
                "Learning rates: \(sources.joined(separator: "; ")).",
                "digits and nouns8: test accuracy; digits-ddpm: Fréchet distance of 500 samples to the test split's real 5–9 digits in a reference classifier's features.",
                "`unsupported`: the method has no site on that task (frozen with a fresh head).",
            ] + spreadNotes)
    }

    /// Per task: how far apart the methods are against how far apart a method's seeds are (a
    /// task whose method spread is not well above the seed spread cannot rank methods).
    var spreadNotes: [String] {
        tasks.compactMap { t in
            let per = results.methods.map { values(t, $0) }.filter { !$0.isEmpty }
            guard per.count >= 2 else { return nil }
            let means = Stats(per.map { Stats($0).mean })
            let seedSDs = per.filter { $0.count >= 2 }.map { Stats($0).std }
            let seed = seedSDs.isEmpty ? "no seed spread (one seed)" : "median seed SD \(num(median(seedSDs)))"
            return "\(t): the methods' means have SD \(num(means.std)) (\(per.count) methods); \(seed)."
        }
    }

    /// Training seconds plus a searched design's search and a multi-task method's source stage
    /// (the extras' search_seconds, source_seconds), median over seeds.
    func trainAndSearchSeconds(_ task: String, _ method: String) -> Double? {
        med(task, method) { r in
            r.number("train_seconds").map { $0 + (r.extra("search_seconds") ?? 0) + (r.extra("source_seconds") ?? 0) }
        }
    }

    public var t3: ReportTable {
        var table: [[String]] = []
        for t in tasks {
            for m in results.methods where !rows(t, m).isEmpty {
                table.append([
                    t, m,
                    med(t, m, "trainable_params").map(fmt) ?? "—",
                    med(t, m, "peak_train_bytes").map { mb($0) } ?? "—",
                    relative(t, m, "peak_train_bytes").map { times($0) } ?? "—",
                    med(t, m, "peak_rss_bytes").map { mb($0) } ?? "—",
                    med(t, m, "step_ms").map { String(format: "%.1f", $0) } ?? "—",
                    relative(t, m, "step_ms").map { times($0) } ?? "—",
                    trainAndSearchSeconds(t, m).map { String(format: "%.1f", $0) } ?? "—",
                    med(t, m, "infer_ms").map { String(format: "%.1f", $0) } ?? "—",
                    med(t, m, "infer_merged_ms").map { String(format: "%.1f", $0) } ?? "—",
                ])
            }
        }
        let threads = Set(results.ok.map { $0["threads"] }).sorted().joined(separator: ", ")
        return ReportTable(
            name: "t3-cost", title: "T3. Memory and speed (medians over seeds)",
            header: [
                "task", "method", "trainable", "peak tensors MB", "×full", "peak RSS MB", "step ms", "×full",
                "train s", "infer ms", "merged ms",
            ],
            rows: table,
            notes: [
                "peak tensors: the largest live tensor storage during training (weights, gradients, AdamW state, activations), like torch.cuda.max_memory_allocated; peak RSS is the whole process's and only grows over a process's runs.",
                "Threads per run: \(threads). Times are wall clock on a shared 2-core machine; compare ratios within one run of a suite.",
                "train s includes a searched design's search (GLoRA: its extras' search_seconds) and a multi-task method's source stage (its per-task adapters or prompts: source_seconds), which are part of its cost.",
            ])
    }

    func statusCell(_ task: String, _ method: String) -> String {
        results.rows.last { $0.task == task && $0.method == method && $0.options.isEmpty }.map { $0["status"] } ?? "—"
    }
    func metricName(_ task: String) -> String { results.rows.first { $0.task == task }?["metric"] ?? "value" }
}

func num(_ x: Double) -> String { abs(x) >= 10 ? String(format: "%.2f", x) : String(format: "%.4f", x) }
func pct(_ x: Double) -> String { x * 100 >= 10 ? String(format: "%.1f", x * 100) : String(format: "%.3g", x * 100) }
func kb(_ bytes: Double) -> String {
    bytes >= 1e5 ? String(format: "%.0f", bytes / 1e3) : String(format: "%.1f", bytes / 1e3)
}
func mb(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1e6) }
func times(_ x: Double) -> String { String(format: "%.2f", x) }
