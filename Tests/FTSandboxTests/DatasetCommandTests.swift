import FineTuning
import Foundation
import Testing

/// `ftctl validate` and the checked, cached upload, through the binary.
@Suite("validate and the upload cache")
struct DatasetCommandTests {
    @Test func malformedLinesAreReportedAtTheirLinesWithTheirKinds() async throws {
        let b = Binaries()
        var lines = (0..<14).map { #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a"}]}"# }
        lines[2] = "{not json"
        lines[6] = #"[1,2]"#
        lines[9] = #"{"messages":[{"role":"user","content":"only a question"}]}"#
        let path = b.home + "/marked.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try await b.ftctl(["validate", path, "-o", "json"])
        #expect(r.code == 65, "\(r.stderr)")
        let report = try #require(JSONValue.parse(Data(r.stdout.utf8)))
        let found = (report["errors"]?.array ?? []).map { "\($0["line"]?.int ?? -1) \($0["kind"]?.string ?? "")" }
        #expect(found == ["3 invalid-json", "7 not-an-object", "10 no-assistant-message"])
        #expect(report["error_count"] == 3)
        #expect(report["examples"] == 14)
        // The human view: one PATH:LINE: kind: line per problem, and the one-line error.
        let text = try await b.ftctl(["validate", path])
        #expect(text.stdout.contains("\(path):3: invalid-json: "))
        #expect(text.stdout.contains("\(path):10: no-assistant-message: "))
        #expect(text.stderr.split(separator: "\n").count == 1)
        // A corrected copy re-validates clean.
        let fixed = b.home + "/fixed.jsonl"
        _ = try await b.ftctl(["validate", path, "--write-fixed", fixed])
        let again = try await b.ftctl(["validate", fixed, "-o", "json"])
        let clean = JSONValue.parse(Data(again.stdout.utf8))
        #expect(clean?["error_count"] == 0, "\(again.stdout)")
        #expect(clean?["examples"] == 11)
    }

    @Test func theSameBytesAreSentOnceAndForceSendsThemAgain() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let path = try b.dataset()
        let first = try await b.ftctl(["files", "upload", path, "-q"])
        first.expectSuccess()
        let second = try await b.ftctl(["files", "upload", path, "-q"])
        #expect(second.trimmed == first.trimmed)
        #expect(second.stderr.contains("reusing"))
        #expect(try await b.ftctl(["files", "list", "-q"]).trimmed.split(separator: "\n").count == 1)
        // jobs create with the same local path reuses the id too.
        let job = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", path, "-o", "json"])
        #expect(JSONValue.parse(Data(job.stdout.utf8))?["training_file"]?.string == first.trimmed)
        let forced = try await b.ftctl(["files", "upload", path, "--force", "-q"])
        #expect(forced.trimmed != first.trimmed)
        #expect(try await b.ftctl(["files", "list", "-q"]).trimmed.split(separator: "\n").count == 2)
        // A cached id the server lost is uploaded again, and said so.
        try await b.ftctl(["files", "delete", forced.trimmed, "-y"]).expectSuccess()
        let again = try await b.ftctl(["files", "upload", path, "-q"])
        again.expectSuccess()
        #expect(again.stderr.contains("gone"))
        #expect(again.trimmed != forced.trimmed)
        // Without validation the digest comes from a read of its own: the cache still answers.
        let unvalidated = try await b.ftctl(["files", "upload", path, "--no-validate", "-q"])
        #expect(unvalidated.trimmed == again.trimmed)
        #expect(unvalidated.stderr.contains("reusing"))
    }
}
