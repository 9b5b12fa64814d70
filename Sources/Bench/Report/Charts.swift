// Charts from result CSVs, drawn by gnuplot. Each chart is one self-contained script (its data
// inline) written beside its PNG and SVG, so a user can restyle it and rerun `gnuplot NAME.gp`.
// Per task of a suite, from its test-split rows: the metric against trained parameters (log x),
// peak training memory and training time, one point per method (mean over seeds, 95% CI bars)
// coloured by family, with the Pareto front; an ablation line (mean ± 95% CI over seeds) for
// every swept option; and the runs' loss curves. From a learning-rate search's validation rows:
// the metric against the learning rate, a line per method, one chart per task and family.

import Foundation

public struct Chart: Sendable {
    public let name: String
    public let script: String
    init(name: String, script: String) {
        self.name = Charts.safeName(name)
        self.script = script
    }
}

public enum Charts {
    static let familyColors: [String: String] = [
        "baseline": "#000000", "selective": "#1f77b4", "adapter": "#ff7f0e", "prompt": "#2ca02c",
        "scaling": "#d62728", "reparameterized": "#9467bd", "hybrid": "#8c564b", "quantized": "#e377c2",
        "multitask": "#7f7f7f", "diffusion": "#bcbd22", "mixture": "#17becf",
    ]

    /// Every chart the rows of one suite support.
    public static func all(_ results: Results, suite: String, curves: String?) -> [Chart] {
        var charts: [Chart] = []
        let test = results.on(.test)
        for task in test.tasks {
            let rows = test.ok.filter { $0.task == task && $0.value.isFinite }
            if Set(rows.map(\.method)).count >= 3 {
                charts += tradeoffs(rows, suite: suite, task: task)
            }
            charts += ablations(rows, suite: suite, task: task)
            if let curves { charts += lossCurves(rows, suite: suite, task: task, directory: curves) }
        }
        return charts + learningRates(results.on(.validation), suite: suite)
    }

    /// The search's validation metric against the learning rate (log x), a line per method
    /// (mean over selection seeds; a diverged rate is left out), one chart per task and family.
    static func learningRates(_ results: Results, suite: String) -> [Chart] {
        let rows = results.ok.filter { $0["lr_source"].hasPrefix("grid") && $0.value.isFinite }
        var charts: [Chart] = []
        for task in results.tasks {
            let mine = rows.filter { $0.task == task }
            for family in familyColors.keys.sorted() {
                let labels = Array(Set(mine.filter { $0.family == family }.map(\.label))).sorted()
                guard !labels.isEmpty else { continue }
                var blocks = "", plots: [String] = []
                for (n, label) in labels.enumerated() {
                    let byRate = Dictionary(grouping: mine.filter { $0.label == label }) { $0.number("lr") ?? .nan }
                    let lines = byRate.keys.filter { !$0.isNaN }.sorted().map {
                        "\(g($0)) \(g(Stats(byRate[$0]!.map(\.value)).mean))"
                    }
                    blocks += dataBlock("r\(n)", lines)
                    plots.append("$r\(n) with linespoints lw 2 pt 7 dt \(n % 5 + 1) title '\(safe(label))'")
                }
                let name = "\(suite)-\(task)-lr-\(family)"
                charts.append(
                    Chart(
                        name: name,
                        script: script(
                            name: name,
                            title: "\(task): validation \(metricLabel(mine, task)) against learning rate (\(family))",
                            data: blocks,
                            settings: [
                                "set xlabel 'peak learning rate'", "set ylabel 'validation \(metricLabel(mine, task))'",
                                "set logscale x", "set grid",
                            ], plot: plots)))
            }
        }
        return charts
    }

    static func metricLabel(_ rows: [ResultRecord], _ task: String) -> String {
        let metric = safe(rows.first?["metric"] ?? "value")
        return "\(metric) (\(Results.higherIsBetter(task) ? "higher" : "lower") is better)"
    }

    /// The metric against trained parameters, peak memory and training time.
    static func tradeoffs(_ rows: [ResultRecord], suite: String, task: String) -> [Chart] {
        let axes: [(String, String, Bool, (ResultRecord) -> Double?)] = [
            ("params", "trained parameters (method + task head)", true, { $0.trained }),
            (
                "memory", "peak training memory (MB of tensors)", false,
                { $0.number("peak_train_bytes").map { $0 / 1e6 } }
            ),
            ("time", "training time (s)", false, { $0.number("train_seconds") }),
        ]
        return axes.map { (axis, xlabel, logX, x) in
            // One point per method and option set: the median x and the mean metric over seeds.
            let points = Dictionary(grouping: rows) { $0.label }.compactMap {
                label, seeds -> (x: Double, y: Double, err: Double, label: String, family: String)? in
                let xs = seeds.compactMap(x)
                guard !xs.isEmpty else { return nil }
                let s = Stats(seeds.map(\.value))
                return (median(xs), s.mean, Statistics.ci95(s) ?? 0, label, seeds[0].family)
            }.sorted { $0.label < $1.label }
            var blocks = "", plots: [String] = []
            var front = paretoFront(points.map { ($0.x, $0.y) }, higherIsBetter: Results.higherIsBetter(task))
            if let last = front.last, let right = points.map(\.x).max() { front.append((right, last.1)) }  // the step runs to the right edge
            blocks += dataBlock("front", front.map { "\(g($0.0)) \(g($0.1))" })
            plots.append("$front with steps lw 1 dt 2 lc rgb '#999999' title 'Pareto front'")
            for family in familyColors.keys.sorted() {
                let mine = points.filter { $0.family == family }
                guard !mine.isEmpty else { continue }
                blocks += dataBlock(family, mine.map { "\(g($0.x)) \(g($0.y)) \"\(safe($0.label))\" \(g($0.err))" })
                plots.append(
                    "$\(family) using 1:2:4 with yerrorbars pt 7 ps 1.2 lc rgb '\(familyColors[family]!)' title '\(family)'"
                )
                plots.append(
                    "$\(family) using 1:2:3 with labels offset 0.7,0.35 left font ',7' tc rgb '\(familyColors[family]!)' notitle"
                )
            }
            let name = "\(suite)-\(task)-\(axis)"
            return Chart(
                name: name,
                script: script(
                    name: name, title: "\(task): \(metricLabel(rows, task)) against \(xlabel)", data: blocks,
                    settings: [
                        "set xlabel '\(xlabel)'", "set ylabel '\(metricLabel(rows, task))'",
                        logX ? "set logscale x" : "unset logscale x", "set grid",
                    ],
                    plot: plots))
        }
    }

    /// Points on the front: none other is at most as large in x and better in y.
    static func paretoFront(_ points: [(Double, Double)], higherIsBetter: Bool) -> [(Double, Double)] {
        var front: [(Double, Double)] = []
        for p in points.sorted(by: { $0.0 < $1.0 || ($0.0 == $1.0 && (higherIsBetter ? $0.1 > $1.1 : $0.1 < $1.1)) }) {
            guard let last = front.last else { front.append(p); continue }
            if higherIsBetter ? p.1 > last.1 : p.1 < last.1 { front.append(p) }
        }
        return front
    }

    /// One chart per swept option key: a line per method, mean ± std over seeds at each value.
    static func ablations(_ rows: [ResultRecord], suite: String, task: String) -> [Chart] {
        var byKey: [String: [String]] = [:]  // option key → methods sweeping it
        for method in Set(rows.map(\.method)).sorted() {
            let mine = rows.filter { $0.method == method }
            let keys = Set(
                mine.flatMap {
                    $0.options.split(separator: " ").compactMap { $0.split(separator: "=").first.map(String.init) }
                })
            for key in keys.sorted() where Set(mine.map { $0.option(key) }).count >= 2 {
                byKey[key, default: []].append(method)
            }
        }
        return byKey.keys.sorted().map { key in
            let values = Array(Set(rows.filter { byKey[key]!.contains($0.method) }.map { $0.option(key) }))
            let numeric = values.allSatisfy { Double($0) != nil }
            let ordered = numeric ? values.sorted { Double($0)! < Double($1)! } : values.sorted()
            var blocks = "", plots: [String] = []
            for (n, method) in byKey[key]!.enumerated() {
                let lines = ordered.enumerated().compactMap { (i, v) -> String? in
                    let seeds = rows.filter { $0.method == method && $0.option(key) == v }
                    guard !seeds.isEmpty else { return nil }
                    let s = Stats(seeds.map(\.value)), p = Stats(seeds.map(\.trained))
                    // Numbers are written from their parsed values, never as the CSV's text.
                    let x = numeric ? g(Double(v)!) : "\(i)"
                    return "\(x) \(g(s.mean)) \(g(Statistics.ci95(s) ?? 0)) \"\(safe(v))\" \(g(p.mean))"
                }
                let block = "m\(n)"
                blocks += dataBlock(block, lines)
                plots.append(
                    "$\(block) using 1:2:3\(numeric ? "" : ":xtic(4)") with yerrorlines lw 2 pt 7 title '\(safe(method))'"
                )
            }
            let wide = numeric && ordered.count > 2 && Double(ordered.last!)! / max(Double(ordered.first!)!, 1e-9) >= 8
            let name = "\(suite)-\(task)-\(key)"
            return Chart(
                name: name,
                script: script(
                    name: name, title: "\(task): \(key) ablation (mean ± 95% CI over seeds)", data: blocks,
                    settings: [
                        "set xlabel '\(safe(key))'", "set ylabel '\(metricLabel(rows, task))'", "set grid",
                        wide ? "set logscale x 2" : "unset logscale x", "set offsets graph 0.05, graph 0.05, 0, 0",
                    ],
                    plot: plots))
        }
    }

    /// Training loss per step of every run of one seed (exponential moving average, 0.9), log y;
    /// coloured by family when there are several, else one colour per run.
    static func lossCurves(_ rows: [ResultRecord], suite: String, task: String, directory: String) -> [Chart] {
        var blocks = "", plots: [String] = []
        let runs = rows.filter { $0.seed == rows.first?.seed }
        let byFamily = Set(runs.map(\.family)).count > 1
        for (n, r) in runs.enumerated() {
            let path = SuitePaths.curve(r["run"], in: directory)
            guard let (_, steps) = try? CSV.read(path), !steps.isEmpty else { continue }
            var ema: Double?
            let lines = steps.compactMap { s -> String? in
                guard let step = Int(s[0]), let loss = Double(s[1]), loss.isFinite else { return nil }
                ema = ema.map { 0.9 * $0 + 0.1 * loss } ?? loss
                return "\(step) \(g(ema!))"
            }
            blocks += dataBlock("c\(n)", lines)
            // Within a family, dash types tell the methods apart.
            let sibling = runs[..<n].filter { $0.family == r.family }.count
            let colour =
                byFamily ? "lc rgb '\(familyColors[r.family] ?? "#333333")' dt \(sibling % 5 + 1)" : "lc \(n + 1)"
            plots.append("$c\(n) with lines lw 1.2 \(colour) title '\(safe(r.label))'")
        }
        guard !plots.isEmpty else { return [] }
        let name = "\(suite)-\(task)-loss"
        return [
            Chart(
                name: name,
                script: script(
                    name: name, title: "\(task): training loss (EMA 0.9)\(byFamily ? ", coloured by family" : "")",
                    data: blocks,
                    settings: [
                        "set xlabel 'step'", "set ylabel 'training loss'", "set logscale y", "set grid",
                        "set key outside right font ',7'",
                    ],
                    plot: plots))
        ]
    }

    /// Text from a result CSV made safe inside a gnuplot string or data line: only letters,
    /// digits and ` .,=:+-_×/` are kept (no quote, newline, backslash, `EOD` line or command
    /// can come through), so plotting a CSV someone sent never runs anything.
    static func safe(_ text: String, also: String = " .,=:+-_×/()") -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter {
                    $0.isASCII && CharacterSet.alphanumerics.contains($0) || also.unicodeScalars.contains($0)
                })
        )
        .replacingOccurrences(of: "EOD", with: "E0D")
    }

    /// A chart's file name from CSV text: letters, digits, `-`, `_` and `.` only (never a path).
    static func safeName(_ text: String) -> String { safe(text, also: "-_.") }

    /// Six significant digits: enough for a chart, short in the script.
    static func g(_ x: Double) -> String { String(format: "%.6g", x) }

    static func dataBlock(_ name: String, _ lines: [String]) -> String {
        "$\(name) << EOD\n" + lines.joined(separator: "\n") + "\nEOD\n"
    }

    static func script(name rawName: String, title rawTitle: String, data: String, settings: [String], plot: [String])
        -> String
    {
        let (name, title) = (safeName(rawName), safe(rawTitle))
        return """
            # \(title)
            # Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
            # folder: "gnuplot \(name).gp" writes \(name).png and \(name).svg.
            \(data)
            set title "\(title)" noenhanced
            \(settings.joined(separator: "\n"))
            set key outside right noenhanced
            do for [fmt in "png svg"] {
                if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
                set output "\(name).".fmt
                plot \(plot.joined(separator: ", \\\n         "))
                unset output
            }

            """
    }

    /// Writes each chart's script into `directory` and runs gnuplot there (PNG and SVG).
    public static func render(_ charts: [Chart], into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for chart in charts {
            try chart.script.write(toFile: "\(directory)/\(chart.name).gp", atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["gnuplot", "./\(chart.name).gp"]  // never read as an option
            p.currentDirectoryURL = URL(fileURLWithPath: directory)
            let err = Pipe()
            p.standardError = err
            do { try p.run() } catch {
                throw BenchError.invalid("cannot run gnuplot (apt install gnuplot-nox): \(error)")
            }
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw BenchError.invalid(
                    p.terminationStatus == 127
                        ? "gnuplot is not installed (apt install gnuplot-nox)"
                        : "gnuplot failed on \(directory)/\(chart.name).gp: \(message)")
            }
        }
    }
}
