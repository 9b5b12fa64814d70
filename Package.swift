// swift-tools-version:6.0
// PEFTBench: parameter-efficient fine-tuning methods measured side by side on one tensor core.
// The targets read as the pipeline: Tensor → NN → Models → PEFT → (Tasks →) Bench → peftbench CLI.
import PackageDescription

// The numeric targets are compiled optimised even in debug builds (their loops are 10–50× slower
// unoptimised, which would make `swift test` crawl). On x86-64 we target Haswell (AVX2 + FMA, 2013
// and later) for the 8-lane vector math; set PEFTBENCH_GENERIC_CPU=1 to build for any x86-64.
#if arch(x86_64)
    let cpu: [String] = Context.environment["PEFTBENCH_GENERIC_CPU"] == nil ? ["-target-cpu", "haswell"] : []
#else
    let cpu: [String] = []
#endif
let numeric: [SwiftSetting] = [.unsafeFlags(["-O"] + cpu)]
let optimize: [SwiftSetting] = cpu.isEmpty ? [] : [.unsafeFlags(cpu)]

let package = Package(
    name: "PEFTBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peftbench", targets: ["peftbench"]),
        .library(name: "PEFTBenchCore", targets: ["Tensor", "NN", "Models", "PEFT", "Tasks", "Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),  // suite files
    ],
    targets: [
        // MARK: - System libraries (Debian packages named in `providers` and in each shim.h)
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "pkg-config"])]),
        .systemLibrary(name: "CCSV", path: "Sources/CCSV", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - The pipeline
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: numeric),
        .target(name: "NN", dependencies: ["Tensor"], swiftSettings: numeric),
        .target(name: "Models", dependencies: ["NN"], swiftSettings: optimize),
        .target(name: "PEFT", dependencies: ["NN"], swiftSettings: numeric),  // its mechanisms (SVD, QR, NF-k) are numeric loops
        .target(
            name: "Tasks", dependencies: ["Models", "CZlib"],
            resources: [
                .copy("Resources/digits.csv.gz"),
                .copy("Resources/NOTICE"),
            ], swiftSettings: numeric),
        .target(name: "Bench", dependencies: ["Models", "PEFT", "Tasks", "CCSV", "TOMLKit"], swiftSettings: optimize),
        .executableTarget(
            name: "peftbench",
            dependencies: [
                "Bench", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: optimize),
        // The parsers of untrusted files under libFuzzer (scripts/fuzz); built normally, a replay tool.
        .executableTarget(name: "peftbench-fuzz", dependencies: ["Bench", "Tensor"], swiftSettings: optimize),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["Models", "PEFT"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Models", "PEFT", "TestSupport"]),
        .testTarget(name: "PEFTTests", dependencies: ["PEFT", "Models", "NN", "TestSupport"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "Models", "NN", "TestSupport"]),
        .testTarget(
            name: "BenchTests", dependencies: ["Bench", "Tasks", "Models", "TestSupport"], exclude: ["FuzzFindings"]),
    ]
)
