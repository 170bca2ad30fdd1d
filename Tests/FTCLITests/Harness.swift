import FTTestSupport
import Foundation
import Testing

/// The ftctl binary with a private config directory.
struct FTCtlRunner {
    typealias Result = BinaryRunner.Result
    let runner: BinaryRunner

    init(environment: [String: String] = [:]) { runner = BinaryRunner(environment: environment) }

    var home: String { runner.home }
    var configPath: String { home + "/config/ftctl/config.yaml" }

    func run(_ args: [String], env: [String: String] = [:]) async throws -> Result {
        try await runner.run(BinaryRunner.path("ftctl"), args, env: env)
    }
}

extension BinaryRunner.Result {
    /// The contract's error shape: one line on stderr, `ftctl: ...`, nothing on stdout.
    func expectOneLineError(_ code: Int32, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.code == code, "exit \(self.code), stderr: \(stderr)", sourceLocation: sourceLocation)
        #expect(stdout.isEmpty, "stdout: \(stdout)", sourceLocation: sourceLocation)
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.hasPrefix("ftctl: "), sourceLocation: sourceLocation)
        #expect(stderr.contains(text), "stderr: \(stderr)", sourceLocation: sourceLocation)
    }
}
