// `peftbench pretrain`: fills the pretraining cache (or reports what is cached);
// `peftbench baselines`: the simple baselines;
// `peftbench tasks`: lists the registered tasks.

import ArgumentParser
import Foundation
import Tasks
import Tensor

struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Pretrain each task's backbone once and cache it (a cached one is reused); print time and quality.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Comma-separated tasks (default: all): \(allTasks.map { $0.name }.joined(separator: ", ")).")
    var tasks = allTasks.map { $0.name }.joined(separator: ",")

    @Option(help: "Override the pretraining steps (part of the cache key).")
    var steps: Int?

    @Option(help: "Override the pretraining batch size (part of the cache key).")
    var batch: Int?

    @Option(help: "Override the pretraining peak learning rate (part of the cache key).")
    var lr: Float?

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1 (got \(batch))") }
        if let lr, !(lr > 0) { throw ValidationError("--lr must be positive (got \(lr))") }
        for name in tasks.split(separator: ",") {
            do { _ = try taskType(named: String(name)) } catch { throw ValidationError("--tasks: \(error)") }
        }
    }

    func run() throws {
        Threads.set(machine.threads)
        print("task          source metric          quality   pretrain s  cache")
        for name in tasks.split(separator: ",") {
            let task = try taskType(named: String(name)).init()
            if let steps { task.pretraining.steps = steps }
            if let batch { task.pretraining.batchSize = batch }
            if let lr { task.pretraining.lr = lr }
            let r = try task.pretrained(cache: machine.pretrainCache)
            let cells = [
                task.name.padding(toLength: 13, withPad: " ", startingAt: 0),
                r.metric.padding(toLength: 20, withPad: " ", startingAt: 0),
                String(format: "%9.4f %12.1f", r.quality, r.seconds),
            ]
            print(cells.joined(separator: " ") + "  " + (r.fromCache ? "hit " : "new ") + r.path)
        }
    }
}

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List the registered tasks.")

    func run() {
        let width = allTasks.map { $0.name.count }.max() ?? 0
        for t in allTasks {
            let group = t.group.map { "  [group \($0)]" } ?? ""
            print("\(t.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(t.summary)\(group)")
        }
    }
}

struct BaselinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baselines",
        abstract:
            "Simple non-transformer baselines on the task splits: softmax regression (digits), bag of words (nouns8, nouns26)."
    )

    @OptionGroup var machine: MachineOptions

    func run() throws {
        print(
            String(
                format: "digits  softmax regression on pixels  accuracy %.4f",
                Baselines.digitsSoftmaxRegression(try DigitsTask())))
        print(
            String(
                format: "nouns8  bag-of-words logistic regression  accuracy %.4f",
                Baselines.nouns8BagOfWords(try Nouns8Task())))
        print(
            String(
                format: "nouns26 bag-of-words logistic regression  accuracy %.4f",
                Baselines.nouns26BagOfWords(try Nouns26Task())))
    }
}
