// The options every command that trains shares: threads and the pretraining cache.

import ArgumentParser
import Tasks

struct MachineOptions: ParsableArguments {
    @Option(help: "Threads for matmuls and element-wise loops.")
    var threads = 2

    @Option(help: "Pretraining cache directory (default: $PEFTBENCH_CACHE, else ~/.cache/peftbench).")
    var cache = PretrainCache.defaultDirectory

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads))") }
    }

    var pretrainCache: PretrainCache { PretrainCache(directory: cache) }
}

/// An error found while a command runs (after its arguments parsed): printed as
/// "Error: <message>" with a non-zero exit, without the usage text a ValidationError brings.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
