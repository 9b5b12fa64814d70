// Coverage-guided fuzzing of the parsers that read files a user may have been sent (Bench's
// FuzzTarget: suite, rates and claims TOML; result CSVs through the tables and charts;
// safetensors).
//
// Built by scripts/fuzz with `--sanitize=fuzzer` and -DFUZZING, this file exports libFuzzer's
// entry point and PEFTBENCH_FUZZ names the target. Built normally it is a replay tool:
// `peftbench-fuzz TARGET FILE...` feeds each file to the target once (to reproduce a finding),
// and `peftbench-fuzz --seed-corpus DIR` writes the starting inputs. Any trap is a finding: a
// parser must throw, never crash.

import Bench
import Foundation

/// The repository this tool was built from (Sources/peftbench-fuzz/ is two folders down): the
/// shipped suites, claims and published CSVs are read from it.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The shipped claims, so the CSV target also exercises T4.
let claims = (try? Claims.load(repository.appendingPathComponent("suites/claims.toml").path)) ?? []

#if FUZZING
    let target: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["PEFTBENCH_FUZZ"] ?? ""
        guard let t = FuzzTarget(rawValue: name) else {
            let valid = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            fatalError("set PEFTBENCH_FUZZ to one of: \(valid)")
        }
        return t
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
        target.run(Data(bytes: bytes, count: count), claims: claims)
        return 0
    }
#else
    @main
    struct Replay {
        static func main() throws {
            let args = Array(CommandLine.arguments.dropFirst())
            if args.first == "--seed-corpus", args.count == 2 {
                try SeedCorpus.write(into: args[1])
                return
            }
            guard let name = args.first, let target = FuzzTarget(rawValue: name), args.count > 1 else {
                let valid = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
                FileHandle.standardError.write(
                    Data("usage: peftbench-fuzz \(valid) FILE...  |  peftbench-fuzz --seed-corpus DIR\n".utf8))
                exit(2)
            }
            for path in args.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("\(path): cannot read the file\n".utf8))
                    exit(2)
                }
                target.run(data, claims: claims)
                print("\(path): handled")
            }
        }
    }
#endif
