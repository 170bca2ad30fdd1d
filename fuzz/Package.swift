// swift-tools-version:6.0
// libFuzzer targets over ftctl's readers of untrusted input, kept out of the main build and test.
// Built by `make fuzz` with -sanitize=fuzzer,address (Linux); each target is an executable whose
// LLVMFuzzerTestOneInput calls the same FTFuzzEntries function the corpus replay test calls.
import PackageDescription

let names = ["decode", "dataset", "tokenizer", "config", "spec"]

let package = Package(
    name: "ftctl-fuzz",
    dependencies: [.package(name: "ftctl", path: "..")],
    targets: [
        .target(name: "FuzzRunner", dependencies: [.product(name: "FTFuzzEntries", package: "ftctl")]),
    ] + names.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzRunner", .product(name: "FTFuzzEntries", package: "ftctl")])
    },
    swiftLanguageModes: [.v6]
)
