// The `peftbench` command line. Each subcommand is a ParsableCommand listed in `subcommands`.

import ArgumentParser
import Bench
import Foundation
import Tensor

@main
struct PEFTBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peftbench",
        abstract: "Parameter-efficient fine-tuning methods, measured side by side.",
        subcommands: [
            AblateCommand.self, BaselinesCommand.self, BenchCommand.self, CompareCommand.self, DocsCommand.self,
            ExportCommand.self, MergeCommand.self, MethodsCommand.self, PlotCommand.self, PretrainCommand.self,
            RunCommand.self, TablesCommand.self, TasksCommand.self, TuneCommand.self,
        ])
}
