// Suite files: the grid they expand to, every kind of bad input caught before a run with its
// file:line:column and the valid choices, overrides, shards, and the executor end to end
// (rows, curves, resume, a lock that keeps parallel appends whole).

import Bench
import Foundation
import Tasks
import PEFT
import Tasks
import Testing

@Suite struct SuiteFileTests {
    func parse(_ text: String, overrides: [String] = []) throws -> Suite {
        try SuiteFile.parse(text, file: "t.toml", name: "t", overrides: overrides)
    }

    /// The error's text, or "" when parsing succeeds.
    func error(_ text: String, overrides: [String] = []) -> String {
        do { _ = try parse(text, overrides: overrides); return "" } catch { return "\(error)" }
    }

    @Test func aGroupNameStandsForItsTasks() throws {
        let suite = try parse("tasks = [\"nouns8\", \"optdigits\", \"digits\"]\nmethods = [\"spot\"]\n")
        #expect(suite.tasks == ["nouns8", "digits", "digits-parity", "digits-high", "digits-mirror"])
    }

    @Test func theShippedSuitesLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // Run counts derive from the registries, so a new method or task needs no edit here.
        let grid = allTasks.count * allMethods.count
        let counts = [
            "full": 3 * grid, "smoke": grid, "tune": 5 * grid, "lora-rank": 18, "targets": 12, "prompt-length": 30,
            "adapter-size": 30,
        ]
        for (name, runs) in counts {
            let suite = try SuiteFile.load(root.appendingPathComponent("suites/\(name).toml").path)
            #expect(suite.runs().count == runs, "\(name)")
        }
    }

    @Test func aGridExpandsTaskMethodOptionsSeed() throws {
        let s = try parse(
            """
            tasks = ["digits", "nouns8"]
            methods = ["lora", "ia3"]
            seeds = [0, 1]
            [method.lora]
            r = [2, 4, 8]
            targets = "q,v"
            """)
        let runs = s.runs()
        #expect(runs.count == 2 * (3 + 1) * 2)
        #expect(
            runs.prefix(3).map(\.id) == [
                "digits/lora/r=2,targets=q,v/seed0", "digits/lora/r=2,targets=q,v/seed1",
                "digits/lora/r=4,targets=q,v/seed0",
            ])
        #expect(runs[6].id == "digits/ia3/default/seed0" && runs.last!.id == "nouns8/ia3/default/seed1")
    }

    @Test func trainingOverridesApplyPerTaskOnTop() throws {
        let s = try parse(
            """
            tasks = "all"
            methods = ["lora"]
            [training]
            steps = 7
            [training.nouns8]
            batch = 5
            lr = 0.01
            """)
        let (digits, nouns) = (DigitsTask.self, Nouns8Task.self)
        #expect(
            s.trainConfig(for: digits).steps == 7
                && s.trainConfig(for: digits).batchSize == DigitsTask.training.batchSize)
        #expect(
            s.trainConfig(for: nouns).steps == 7 && s.trainConfig(for: nouns).batchSize == 5
                && s.trainConfig(for: nouns).lr == 0.01)
        #expect(s.trainConfig(for: digits).warmup == 0, "warm-up shrinks to a tenth of a shorter run")
    }

    @Test func badInputNamesTheLineColumnAndTheValidChoices() {
        let cases: [(String, [String])] = [
            (
                "tasks = [\"digits\"]\nmethods = [\"lora\"]\nmetods = 1\n",
                ["t.toml:3:1", "unknown key 'metods'", "valid: description, tasks"]
            ),
            (
                "tasks = [\"digits\"]\nmethods = [\"lora\", \"loar\"]\n",
                ["t.toml:2:1", "unknown method 'loar'", "valid: full, head"]
            ),
            (
                "tasks = [\"mnist\"]\nmethods = \"all\"\n",
                ["t.toml:1:1", "unknown task 'mnist'", "digits, nouns8, nouns26, digits-ddpm", "a group (optdigits)"]
            ),
            (
                "tasks = \"all\"\nmethods = [\"lora\"]\n[method.lora]\nrank = 4\n",
                ["t.toml:4:1", "unknown option 'rank'", "valid: "]
            ),
            (
                "tasks = \"all\"\nmethods = [\"lora\"]\n[method.lora]\n  r = [4, 1000]\n",
                ["t.toml:4:3", "r=1000", "1…64"]
            ),
            ("tasks = \"all\"\nmethods = [\"lora\"]\n[method.lora]\nr = 0\n", ["t.toml:4:1", "r=0"]),
            (
                "tasks = \"all\"\nmethods = [\"lora\"]\n[method.ia3]\nx = 1\n",
                ["t.toml:3:1", "unknown method (options are for the suite's `methods`) 'ia3'; valid: lora"]
            ),
            ("tasks = \"all\"\nmethods = [\"lora\"]\nseeds = [\"a\"]\n", ["t.toml:3:1", "non-negative integers"]),
            ("tasks = []\nmethods = [\"lora\"]\n", ["t.toml:1:1", "the grid is empty"]),
            ("tasks = \"all\"\nmethods = [\"lora\"]\n[training]\nsteps = -3\n", ["t.toml:4:1", "positive integer"]),
            ("tasks = \"all\"\nmethods = [\"lora\"\n", ["t.toml:", "Error while parsing array"]),
            ("methods = [\"lora\"]\n", ["missing 'tasks'"]),
        ]
        for (text, needles) in cases {
            let message = error(text)
            for n in needles { #expect(message.contains(n), "\(message)") }
        }
    }

    @Test func setOverridesBeforeChecking() throws {
        let base = "tasks = \"all\"\nmethods = [\"lora\"]\n"
        let s = try parse(
            base, overrides: ["method.lora.r=[4,8]", "method.lora.targets=q,v", "tasks=digits", "training.steps=9"])
        #expect(s.tasks == ["digits"] && s.optionSets("lora").count == 2 && s.optionSets("lora")[0]["targets"] == "q,v")
        #expect(s.training.steps == 9)
        #expect(error(base, overrides: ["method.lora.r=0"]).hasPrefix("--set method.lora.r: "))
        #expect(error(base, overrides: ["nonsense"]).contains("expected key=value"))
    }

    /// Hostile or careless input found by a user: each is a clear error or runs once.
    @Test func malformedOverridesAndDuplicatesAreHandled() throws {
        let base = "tasks = [\"digits\"]\nmethods = [\"lora\"]\n"
        #expect(error(base, overrides: [".=1"]).hasPrefix("--set .: a key path is names joined by dots"))
        #expect(error(base, overrides: ["training..steps=1"]).contains("a key path is names joined by dots"))
        #expect(
            error(base, overrides: ["nosuch.key=1"]).hasPrefix("--set nosuch.key: unknown key 'nosuch'"),
            "\(error(base, overrides: ["nosuch.key=1"]))")
        #expect(error(base + "[training]\nlr = inf\n").contains("t.toml:4:1: 'lr' must be a positive finite number"))
        #expect(error(base, overrides: ["training.lr=nan"]).contains("'lr' must be a positive finite number"))
        let s = try parse(base + "seeds = [5, 5, 1]\n[method.lora]\nr = [3, 3]\n")
        #expect(s.runs().map(\.id) == ["digits/lora/r=3/seed5", "digits/lora/r=3/seed1"])
        #expect(error(base, overrides: ["seeds=[]"]).contains("the grid is empty"))
    }

    @Test func aMalformedSlurmArrayIsAnErrorNotTheWholeSuite() {
        for env in [
            ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"], ["SLURM_ARRAY_TASK_ID": "2"],
            ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "one"],
        ] {
            do { _ = try RunSelection.shard(nil, environment: env); Issue.record("accepted \(env)") } catch {
                #expect("\(error)".contains("is not an integer"), "\(error)")
            }
        }
        #expect(
            (try? RunSelection.shard("2/4", environment: ["SLURM_ARRAY_TASK_ID": "x"])) ?? (0, 0) == (2, 4),
            "--shard wins")
    }

    /// Workers take the longest runs first: by task (nouns26, nouns8, digits, digits-ddpm at
    /// their default steps), a task's runs in suite order, its steps scaling the estimate.
    @Test func runsAreQueuedLongestFirst() throws {
        let s = try parse(
            "tasks = [\"digits\", \"digits-ddpm\", \"nouns8\", \"nouns26\"]\nmethods = [\"lora\", \"full\"]\nseeds = [0]\n"
        )
        #expect(
            s.longestFirst(s.runs()).map(\.id) == [
                "nouns26/lora/default/seed0", "nouns26/full/default/seed0", "nouns8/lora/default/seed0",
                "nouns8/full/default/seed0", "digits/lora/default/seed0", "digits/full/default/seed0",
                "digits-ddpm/lora/default/seed0", "digits-ddpm/full/default/seed0",
            ])
        let capped = try parse(
            "tasks = [\"digits\", \"nouns26\"]\nmethods = [\"lora\"]\nseeds = [0]\n[training.nouns26]\nsteps = 10\n")
        #expect(capped.expectedSeconds(capped.runs()[1]) == 139.0 * 10 / 150)
        #expect(capped.longestFirst(capped.runs()).map(\.task) == ["digits", "nouns26"])
    }

    @Test func shardsPartitionTheRunsAndReadSLURM() throws {
        let runs = try parse("tasks = \"all\"\nmethods = \"all\"\n").runs()
        var seen: [String] = []
        for i in 1...4 {
            var sel = RunSelection()
            sel.shard = (i, 4)
            seen += sel.apply(runs).map(\.id)
        }
        #expect(seen.count == runs.count && Set(seen).count == runs.count)
        #expect(
            try RunSelection.shard(
                nil,
                environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"])
                == (3, 4))
        #expect(
            try RunSelection.shard(nil, environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"]) == (
                1, 2
            ))
        #expect(throws: (any Error).self) { try RunSelection.shard("5/4", environment: [:]) }
        var only = RunSelection()
        only.only = ["digits/lora/*", "nouns8"]
        let picked = only.apply(runs)
        #expect(picked.count == 1 + allMethods.count && picked.first!.id == "digits/lora/default/seed0")
    }
}

@Suite(.serialized) struct SuiteExecutorTests {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peftbench-suite-\(UUID())")
        .path

    @Test func runsWriteRowsAndCurvesAndRerunsSkip() throws {
        let suite = try SuiteFile.parse(
            """
            tasks = ["digits"]
            methods = ["lora", "frozen"]
            [training]
            steps = 2
            batch = 8
            [pretraining]
            steps = 3
            [evaluation]
            examples = 8
            """, file: "t.toml", name: "tiny")
        let paths = SuitePaths(suite: "tiny", results: Self.directory)
        let cache = PretrainCache(directory: Self.directory + "/cache")
        func run(force: Bool) throws -> SuiteTally {
            var next = 0
            return try SuiteExecutor(
                suite: suite, paths: paths, cache: cache, force: force, progress: SuiteProgress(total: 2, live: false)
            )
            .run(suite.runs()) {
                defer { next += 1 }; return next
            }
        }
        let first = try run(force: false)
        #expect(first.counts == ["ok": 1, "unsupported": 1])
        let (header, rows) = try CSV.read(paths.csv)
        let col = { (name: String) in header.firstIndex(of: name)! }
        #expect(
            rows.count == 2 && rows[0][col("suite")] == "tiny" && rows[0][col("eval_limit")] == "8"
                && rows[0][col("steps")] == "2")
        let curve = try CSV.read(paths.curve(suite.runs()[0]))
        #expect(curve.header == ["step", "loss"] && curve.rows.count == 2)
        let again = try run(force: false)
        #expect(again.skipped == 2 && again.counts.isEmpty, "ok and unsupported runs are skipped")
        #expect(try run(force: true).counts["ok"] == 1)
        #expect(try CSV.read(paths.csv).rows.count == 4)
    }

    /// A batch larger than the training split is an error naming the run and the split's size,
    /// before training and without a row (the trainer would silently use the whole split).
    @Test func aBatchLargerThanTheDataIsRefused() throws {
        let suite = try SuiteFile.parse(
            """
            tasks = ["digits"]
            methods = ["lora"]
            [training]
            steps = 1
            batch = 5000
            [pretraining]
            steps = 3
            """, file: "t.toml", name: "huge-batch")
        let paths = SuitePaths(suite: "huge-batch", results: Self.directory)
        let executor = SuiteExecutor(
            suite: suite, paths: paths, cache: PretrainCache(directory: Self.directory + "/cache"), force: false,
            progress: SuiteProgress(total: 1, live: false))
        var next = 0
        let error = try #require(throws: BenchError.self) {
            try executor.run(suite.runs()) {
                defer { next += 1 }; return next
            }
        }
        #expect("\(error)".contains("batch 5000 is larger than the 1221 training examples of digits"))
        #expect(!FileManager.default.fileExists(atPath: paths.csv))
    }

    /// A queue folder whose `alive` lock nobody holds (its parent was SIGKILLed) is removed by
    /// the next pool; one whose lock is held, and folders that are not queues, are kept.
    @Test func queueFoldersOfDeadParentsAreRemoved() throws {
        let temporary = URL(fileURLWithPath: Self.directory + "/tmp-\(UUID())")
        let fm = FileManager.default
        for name in ["peftbench-queue-1-dead", "peftbench-queue-1-live", "peftbench-queue-setup", "other"] {
            try fm.createDirectory(at: temporary.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        fm.createFile(atPath: temporary.appendingPathComponent("peftbench-queue-1-dead/alive").path, contents: nil)
        #expect(try FileLock.holdForProcess(temporary.appendingPathComponent("peftbench-queue-1-live/alive").path))
        let mine = try WorkerPool.makeScratch(in: temporary)
        #expect(mine.lastPathComponent.hasPrefix("peftbench-queue-\(getpid())-"))
        let left = Set(try fm.contentsOfDirectory(atPath: temporary.path))
        #expect(left == ["peftbench-queue-1-live", "peftbench-queue-setup", "other", mine.lastPathComponent])
        #expect(try WorkerPool.makeScratch(in: temporary) != mine, "each pool gets its own folder")
        #expect(fm.fileExists(atPath: mine.path), "a live pool's folder survives the next pool")
    }

    /// The writer's lock: taken again by the same process (tune's extension rounds), refused to
    /// another process (flock(1) stands in for a second `run`).
    @Test func theWriterLockIsPerProcess() throws {
        let path = Self.directory + "/locked.csv.writer"
        #expect(try FileLock.holdForProcess(path))
        #expect(try FileLock.holdForProcess(path))
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        other.arguments = ["--nonblock", path, "true"]
        try other.run()
        other.waitUntilExit()
        #expect(other.terminationStatus != 0, "another process cannot take it")
    }

    /// Workers are started from this process's own executable, wherever argv[0] points.
    @Test func workersStartFromThisExecutable() {
        let exe = WorkerPool.executable
        #expect(exe.path.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: exe.path))
    }

    /// Workers get the parent's command line with its current selection, not the typed one.
    @Test func workersRunTheParentsCurrentSelection() {
        let typed = [
            "tune", "tune", "--only", "nouns8", "--jobs", "2", "--set=tune.extend=1", "--results", "published",
        ]
        let worker = WorkerPool.arguments(
            typed, dropping: ["--jobs", "--threads", "--only", "--set"],
            adding: ["--only", "nouns8/ia3/default/*", "--set", "tune.factors=[31.6]"])
        #expect(
            worker == [
                "tune", "tune", "--results", "published", "--only", "nouns8/ia3/default/*", "--set",
                "tune.factors=[31.6]",
            ])
    }

    @Test func parallelAppendsAndQueueTakesLoseNothing() throws {
        let csv = Self.directory + "/parallel.csv", queue = Self.directory + "/queue"
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            try! CSV.append(header: ["i"], row: ["\(i)"], to: csv)
        }
        #expect(Set(try CSV.read(csv).rows.map { $0[0] }) == Set((0..<40).map(String.init)))
        let taken = Taken()
        DispatchQueue.concurrentPerform(iterations: 40) { _ in taken.add(try! FileLock.next(queue)) }
        #expect(taken.values.sorted() == Array(0..<40), "each number handed out exactly once")
    }

    final class Taken: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Int] = []
        func add(_ v: Int) { lock.lock(); values.append(v); lock.unlock() }
    }
}

@Suite struct RequireTunedTests {
    /// The main suite runs only what the search covered: a method with a rate, or found
    /// unsupported there (its row says so); a pair the search never saw is left out and named.
    @Test func runsWithoutATunedRateAreLeftOutAndNamed() throws {
        let text = """
            tasks = ["digits", "nouns26"]
            methods = ["lora", "frozen", "bitfit"]
            seeds = [0, 1]
            require_tuned = true
            """
        var suite = try SuiteFile.parse(text, file: "t.toml", name: "t")
        #expect(suite.runs().count == 12)  // no rates file: nothing to require
        suite.rates = try LearningRates.parse(
            "[digits]\nlora = 0.01\nbitfit = 0.1\n# frozen: unsupported on digits\n\n[nouns26]\nlora = 0.005\n",
            path: "r.toml", digest: "0")
        #expect(
            Set(suite.runs().map { "\($0.task)/\($0.spec.method)" }) == [
                "digits/lora", "digits/frozen", "digits/bitfit", "nouns26/lora",
            ])
        #expect(suite.runs().count == 8)
        #expect(suite.untuned == ["nouns26/frozen", "nouns26/bitfit"])
        #expect(throws: SuiteError.self) { try SuiteFile.parse("require_tuned = 1", file: "t.toml", name: "t") }
    }
}
