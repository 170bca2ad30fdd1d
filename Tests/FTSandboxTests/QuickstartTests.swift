import FTTestSupport
import Foundation
import Testing

/// examples/quickstart: a separate package that uses only the `FineTuning` library product runs
/// the whole job on the sandbox. `make test` builds it and names the binary in FTCTL_QUICKSTART.
@Suite("the library from a Swift program")
struct QuickstartTests {
    @Test func quickstartUploadsCreatesWaitsAndPrintsTheOutcome() async throws {
        guard let binary = ProcessInfo.processInfo.environment["FTCTL_QUICKSTART"] else {
            Issue.record("FTCTL_QUICKSTART is not set: run the suite with `make test`, which builds examples/quickstart")
            return
        }
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let b = Binaries()
        let r = try await b.run(binary, ["--base-url", sandbox.v1, "--api-key", "sk-sandbox", "--file", try b.dataset()])
        #expect(r.code == 0, "\(r.stderr)")
        let words = r.trimmed.split(separator: " ").map(String.init)
        #expect(words.count == 2)
        #expect(words.first?.hasPrefix("ftjob-") == true)
        #expect(words.last == "succeeded")
        let wrongKey = try await b.run(binary, ["--base-url", sandbox.v1, "--api-key", "sk-wrong", "--file", try b.dataset()])
        #expect(wrongKey.code == 1)
        #expect(wrongKey.stderr.contains("401"))
    }
}
