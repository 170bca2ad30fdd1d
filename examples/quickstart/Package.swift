// swift-tools-version:6.0
// A Swift program that uses ftctl's library product, `FineTuning`, and nothing else of it.
import PackageDescription

let package = Package(
    name: "quickstart",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ftctl", path: "../..")],
    targets: [
        .executableTarget(name: "quickstart", dependencies: [.product(name: "FineTuning", package: "ftctl")]),
    ],
    swiftLanguageModes: [.v6]
)
