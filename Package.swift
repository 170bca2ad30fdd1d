// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ftctl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ftctl", targets: ["ftctl"]),
        .executable(name: "ftctl-sandbox", targets: ["ftctl-sandbox"]),
        // What a Swift program depends on: the client, every provider, the libcurl transport and
        // the use-case services (uploading, listing, waiting, logs, metrics, job specs).
        .library(name: "FineTuning", targets: ["FineTuning"]),
        // The fuzz targets' entry points, for the package in fuzz/ (not part of the API).
        .library(name: "FTFuzzEntries", targets: ["FTFuzzEntries"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
    ],
    targets: [
        // libcurl, bound through typed shims because curl_easy_setopt is variadic, and opened on
        // first use rather than linked, so commands that never touch the network never load it
        // (Docs/BENCH.md). Its headers (libcurl4-openssl-dev, `make deps`) give the types only.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Models, errors, the provider protocol, the client and its middlewares. No CLI, no libcurl.
        .target(name: "FTCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The real transport.
        .target(name: "FTCurl", dependencies: ["CCurl", "FTCore"]),
        // Pure provider adapters: build requests, decode responses.
        .target(name: "FTProviders", dependencies: ["FTCore"]),
        // Offline planning: memory, time, cost and hardware selection, pure functions over the
        // catalogs (data files with their sources).
        .target(name: "FTPlanning", dependencies: ["FTCore"], resources: [.process("Catalogs")]),
        // Dataset checks: streaming, both cores, constant memory; token counts through a protocol.
        .target(name: "FTDatasets", dependencies: ["FTCore", "FTTokenizer", .product(name: "Crypto", package: "swift-crypto")]),
        // Exact BPE token counts over tiktoken-format rank files, for every family providers tune.
        .target(name: "FTTokenizer", dependencies: ["FTCore", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "fttok-bench", dependencies: ["FTTokenizer", "FTCore"]),
        .executableTarget(name: "ftds-bench", dependencies: ["FTDatasets"]),
        // The library product: re-exports the ones above and adds the use-case services.
        .target(name: "FineTuning", dependencies: [
            "FTCore", "FTCurl", "FTProviders", "FTPlanning", "FTDatasets",
            .product(name: "Crypto", package: "swift-crypto"),
            // Hooks (`--on-success CMD`): spawning, signals and time limits done right, not by hand.
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        // The command tree; `ftctl` itself is a one-line main over it. It parses, calls a
        // FineTuning service and renders.
        .target(name: "FTCLI", dependencies: [
            "FineTuning",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "ftctl", dependencies: ["FTCLI"]),
        // What each libFuzzer target (fuzz/, `make fuzz`) feeds its input to; the corpus replay
        // test calls the same functions.
        .target(name: "FTFuzzEntries", dependencies: ["FineTuning"]),
        // The local emulator of every provider dialect, with a simulated job lifecycle and faults.
        .target(name: "FTSandbox", dependencies: [
            "FTCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "ftctl-sandbox", dependencies: [
            "FTSandbox", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "FTTestSupport", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], path: "Tests/FTTestSupport"),
        .testTarget(name: "FTCoreTests", dependencies: ["FineTuning", "FTCLI", "FTTestSupport"]),
        .testTarget(name: "FineTuningTests", dependencies: ["FineTuning"]),
        .testTarget(name: "FTTokenizerTests", dependencies: ["FTTokenizer", "FTCore"]),
        .testTarget(name: "FTDatasetsTests", dependencies: ["FTDatasets", "FTCore"]),
        .testTarget(name: "FTPlanningTests", dependencies: ["FTPlanning", "FTCore"], resources: [.copy("Data")]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FTFuzzEntries"]),
        .testTarget(name: "FTCurlTests", dependencies: ["FTCurl", "FTCore", "FTTestSupport"]),
        .testTarget(name: "FTCLITests", dependencies: ["ftctl", "FTCore", "FTTestSupport"]),
        .testTarget(name: "FTSandboxTests", dependencies: ["ftctl", "ftctl-sandbox", "FTSandbox", "FineTuning", "FTCLI", "FTTestSupport"],
                    exclude: ["Data"]),
    ],
    swiftLanguageModes: [.v6]
)
