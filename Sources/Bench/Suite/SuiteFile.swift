// Reading a suite file. The whole grid is checked before anything runs: unknown keys, tasks,
// methods and options, wrong types, empty grids, and every option set applied once to its
// task's backbone (which catches a rank above a layer's size). Each error names
// file:line:column (or the `--set` flag it came from) and the valid choices.
//
//   description = "what the suite is for"
//   tasks = ["digits", "nouns8"]         # or "all", or a task group's name ("optdigits")
//   methods = "all"                      # or a list of registry names
//   seeds = [0, 1, 2]
//   [training]                           # steps, batch, lr, warmup for every task …
//   [training.nouns8]                    # … and per task on top
//   [pretraining]  steps = 40            # smoke only: capped pretraining (its own cache entry)
//   [evaluation]   examples = 64         # smoke only: held-out examples per evaluation
//   [method.lora]  r = [1, 2, 4]         # a list is an axis; a single value is fixed
//   [tune]  factors = [0.1, 0.316, 1, 3.16, 10]   # a learning-rate search on validation (`peftbench tune`)
//           extend = 2                            # half decades beyond the grid for edge winners

import Foundation
import Models
import PEFT
import Tasks
import TOMLKit

public struct SuiteError: Error, CustomStringConvertible {
    public let location: String
    public let message: String
    public var description: String { "\(location): \(message)" }
}

public enum SuiteFile {
    /// Loads and checks `path`, applying `--set path=value` overrides first.
    public static func load(_ path: String, overrides: [String] = []) throws -> Suite {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SuiteError(location: path, message: "cannot read the suite file (see suites/ for the shipped ones)")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, name: name, overrides: overrides)
    }

    public static func parse(_ text: String, file: String, name: String, overrides: [String] = []) throws -> Suite {
        let table = try parseTOML(text, file: file)
        var reader = Reader(file: file, keys: KeyPositions(text))
        for o in overrides { try reader.override(table, o) }
        return try reader.suite(table, name: name)
    }

    struct Reader {
        let file: String
        let keys: KeyPositions
        var overridden: Set<String> = []

        func fail(_ path: [String], _ message: String) -> SuiteError {
            let dotted = path.joined(separator: ".")
            // Blame the --set flag that brought the key (or a table it created), not the file.
            if let flag = overridden.first(where: { $0 == dotted || $0.hasPrefix(dotted + ".") }) {
                return SuiteError(location: "--set \(flag)", message: message)
            }
            let (line, column) = keys.position(path)
            return SuiteError(location: "\(file):\(line):\(column)", message: message)
        }

        /// `--set a.b.c=value`: the value is read as TOML (`[1, 2]`, `0.5`, `"q,v"`), else as a string.
        mutating func override(_ root: TOMLTable, _ assignment: String) throws {
            let kv = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty else {
                throw SuiteError(
                    location: "--set",
                    message: "expected key=value, e.g. training.steps=50 or method.lora.r=[4,8] (got '\(assignment)')")
            }
            let path = kv[0].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard path.allSatisfy({ !$0.isEmpty }) else {
                throw SuiteError(
                    location: "--set \(kv[0])",
                    message: "a key path is names joined by dots, e.g. training.steps (got '\(kv[0])')")
            }
            let value: TOMLValueConvertible = ((try? parseTOML("v = \(kv[1])", file: "--set"))?["v"]) ?? kv[1]
            var table = root
            for key in path.dropLast() {
                if table[key] == nil { table[key] = TOMLTable() }
                guard let next = table[key]?.table else {
                    throw SuiteError(location: "--set \(kv[0])", message: "'\(key)' is not a table")
                }
                table = next
            }
            table[path.last!] = value
            overridden.insert(kv[0])
        }

        func suite(_ root: TOMLTable, name: String) throws -> Suite {
            var suite = Suite(name: name)
            try checkKeys(
                root, [],
                valid: [
                    "description", "tasks", "methods", "seeds", "training", "pretraining", "evaluation", "method",
                    "tune", "require_tuned",
                ])
            suite.description = try string(root, ["description"]) ?? ""
            if let v = root["require_tuned"] {
                guard let b = v.bool else { throw fail(["require_tuned"], "'require_tuned' must be true or false") }
                suite.requireTuned = b
            }
            suite.tasks = try names(
                root, ["tasks"], all: allTasks.map { $0.name },
                groups: Dictionary(
                    uniqueKeysWithValues: taskGroups.map { g in (g, allTasks.filter { $0.group == g }.map { $0.name }) }
                ))
            suite.methods = try names(root, ["methods"], all: allMethods.map { $0.name })
            if let seeds = root["seeds"] {
                suite.seeds = try list(seeds, ["seeds"]).map { v in
                    guard let s = v.int, s >= 0 else {
                        throw fail(["seeds"], "seeds are non-negative integers (got \(v))")
                    }
                    return UInt64(s)
                }.uniqued()
            }
            if let tune = root["tune"] {
                let t = try table(tune, ["tune"])
                try checkKeys(t, ["tune"], valid: ["factors", "extend"])
                var grid = TuneGrid.standard
                if let f = t["factors"] {
                    grid.factors = try list(f, ["tune", "factors"]).map { v in
                        guard let x = v.double ?? v.int.map(Double.init), x > 0, x.isFinite, x <= 1e4 else {
                            throw fail(
                                ["tune", "factors"],
                                "factors are positive multiples of a method's default rate, at most 1e4 (got \(v))")
                        }
                        return x
                    }.uniqued().sorted()
                }
                if let e = t["extend"] {
                    guard let n = e.int, (0...6).contains(n) else {
                        throw fail(
                            ["tune", "extend"],
                            "extend is how many half decades the search may go beyond the grid at an edge, 0 to 6 (got \(e))"
                        )
                    }
                    grid.extend = n
                }
                suite.tune = grid
            }
            if let training = root["training"] {
                let t = try self.table(training, ["training"])
                try checkKeys(t, ["training"], valid: TrainingKeys.all + allTasks.map { $0.name })
                suite.training = try overrideSettings(t, ["training"])
                for task in allTasks.map({ $0.name }) where t[task] != nil {
                    let per = try self.table(t[task]!, ["training", task])
                    try checkKeys(per, ["training", task], valid: TrainingKeys.all)
                    suite.trainingPerTask[task] = try overrideSettings(per, ["training", task])
                }
            }
            if let p = root["pretraining"] {
                try checkKeys(try table(p, ["pretraining"]), ["pretraining"], valid: ["steps"])
                suite.pretrainingSteps = try positiveInt(p.table!, ["pretraining", "steps"])
            }
            if let e = root["evaluation"] {
                try checkKeys(try table(e, ["evaluation"]), ["evaluation"], valid: ["examples"])
                suite.evaluationLimit = try positiveInt(e.table!, ["evaluation", "examples"])
            }
            if let m = root["method"] {
                let methods = try table(m, ["method"])
                try checkKeys(
                    methods, ["method"], valid: suite.methods, what: "method (options are for the suite's `methods`)")
                for method in suite.methods where methods[method] != nil {
                    let t = try table(methods[method]!, ["method", method])
                    suite.options[method] = try keysInOrder(t, ["method", method]).map { key in
                        (
                            key,
                            try list(t[key]!, ["method", method, key]).map {
                                try optionText($0, ["method", method, key])
                            }
                        )
                    }
                }
            }
            try check(suite)
            return suite
        }

        /// Every option set is constructed and applied once to each task's backbone.
        func check(_ suite: Suite) throws {
            guard !suite.tasks.isEmpty else { throw fail(["tasks"], "the grid is empty: no tasks") }
            guard !suite.methods.isEmpty else { throw fail(["methods"], "the grid is empty: no methods") }
            guard !suite.seeds.isEmpty else { throw fail(["seeds"], "the grid is empty: no seeds") }
            if let (method, key, error) = suite.firstInvalidOptionSet() {
                throw fail(
                    key.map { suite.options[method] == nil ? ["methods"] : ["method", method, $0] } ?? ["methods"],
                    "\(error)")
            }
        }

        // MARK: - Typed values

        func table(_ v: TOMLValueConvertible, _ path: [String]) throws -> TOMLTable {
            guard let t = v.table else {
                throw fail(path, "'\(path.joined(separator: "."))' must be a table ([\(path.joined(separator: "."))])")
            }
            return t
        }

        func list(_ v: TOMLValueConvertible, _ path: [String]) throws -> [TOMLValueConvertible] {
            if let a = v.array {
                guard !a.isEmpty else { throw fail(path, "the grid is empty: '\(path.last!)' is an empty list") };
                return Array(a)
            }
            return [v]
        }

        func string(_ t: TOMLTable, _ path: [String]) throws -> String? {
            guard let v = t[path.last!] else { return nil }
            guard let s = v.string else { throw fail(path, "'\(path.last!)' must be a string") }
            return s
        }

        func positiveInt(_ t: TOMLTable, _ path: [String]) throws -> Int? {
            guard let v = t[path.last!] else { return nil }
            guard let i = v.int, i >= 1 else {
                throw fail(path, "'\(path.last!)' must be a positive integer (got \(v))")
            }
            return i
        }

        /// A list of registry names, "all", or a comma-separated string; a group's name stands for
        /// its members.
        func names(_ t: TOMLTable, _ path: [String], all: [String], groups: [String: [String]] = [:]) throws -> [String]
        {
            guard let v = t[path.last!] else {
                throw fail(
                    [], "missing '\(path.last!)'; give a list or \"all\" (valid: \(all.joined(separator: ", ")))")
            }
            let items = try list(v, path).flatMap { item -> [String] in
                guard let s = item.string else {
                    throw fail(path, "'\(path.last!)' holds names (strings), got \(item)")
                }
                return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if items == ["all"] { return all }
            let groupText = groups.isEmpty ? "" : ", a group (\(groups.keys.sorted().joined(separator: ", ")))"
            for name in items where !all.contains(name) && groups[name] == nil {
                throw fail(
                    path,
                    "unknown \(path.last! == "tasks" ? "task" : "method") '\(name)'; valid: \(all.joined(separator: ", "))\(groupText), or \"all\""
                )
            }
            return items.flatMap { groups[$0] ?? [$0] }.uniqued()
        }

        func optionText(_ v: TOMLValueConvertible, _ path: [String]) throws -> String {
            if let s = v.string { return s }
            if let i = v.int { return "\(i)" }
            if let d = v.double { return "\(d)" }
            if let b = v.bool { return "\(b)" }
            throw fail(path, "option values are strings, numbers or booleans (got \(v))")
        }

        func overrideSettings(_ t: TOMLTable, _ path: [String]) throws -> TrainingOverride {
            var o = TrainingOverride()
            o.steps = try positiveInt(t, path + ["steps"])
            o.batch = try positiveInt(t, path + ["batch"])
            if let w = t["warmup"] {
                guard let i = w.int, i >= 0 else {
                    throw fail(path + ["warmup"], "'warmup' must be a non-negative integer")
                }
                o.warmup = i
            }
            if let l = t["lr"] {
                guard let d = l.double ?? l.int.map(Double.init), d > 0, d.isFinite, d < 1e3 else {
                    throw fail(path + ["lr"], "'lr' must be a positive finite number below 1000 (got \(l))")
                }
                o.lr = Float(d)
            }
            return o
        }

        func keysInOrder(_ t: TOMLTable, _ path: [String]) -> [String] {
            t.map(\.0).sorted { keys.position(path + [$0]) < keys.position(path + [$1]) }
        }

        func checkKeys(_ t: TOMLTable, _ path: [String], valid: [String], what: String = "key") throws {
            for (key, _) in t where !valid.contains(key) {
                let prefix = path.isEmpty ? "" : "[\(path.joined(separator: "."))] "
                throw fail(path + [key], "\(prefix)unknown \(what) '\(key)'; valid: \(valid.joined(separator: ", "))")
            }
        }
    }

    enum TrainingKeys {
        static let all = ["steps", "batch", "lr", "warmup"]
    }
}
