import FTCore
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
        let journal = NSTemporaryDirectory() + "quickstart-journal-\(UUID().uuidString).jsonl"
        defer { unlink(journal) }
        let sandbox = try await RunningSandbox.start(speed: 400, journal: journal)
        defer { sandbox.stop() }
        let b = Binaries()
        let data = try b.dataset()
        let r = try await b.run(binary, ["--base-url", sandbox.v1, "--api-key", "sk-sandbox", "--file", data])
        #expect(r.code == 0, "\(r.stderr)")
        let words = r.trimmed.split(separator: " ").map(String.init)
        #expect(words.count == 2)
        #expect(words.first?.hasPrefix("ftjob-") == true)
        #expect(words.last == "succeeded")
        #expect(r.stderr.contains("will upload"))
        // The library's submission keeps the upload cache: the same file again sends no bytes.
        let again = try await b.run(binary, ["--base-url", sandbox.v1, "--api-key", "sk-sandbox", "--file", data])
        #expect(again.code == 0, "\(again.stderr)")
        #expect(again.stderr.contains("is already uploaded as file-"))
        #expect(sandbox.received("POST", pathSuffix: "/files").count == 1)
        let creates = sandbox.received("POST", pathSuffix: "/fine_tuning/jobs")
        #expect(creates.count == 2)
        // And the checks the CLI makes: the job carries its request id for recovery.
        #expect(creates.allSatisfy { $0["body"]?["metadata"]?["ftctl_request_id"]?.string?.hasPrefix("ftctl-") == true })
        let wrongKey = try await b.run(binary, ["--base-url", sandbox.v1, "--api-key", "sk-wrong", "--file", data])
        #expect(wrongKey.code == 1)
        #expect(wrongKey.stderr.contains("401"))
    }
}
