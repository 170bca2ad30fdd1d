import FTCore
import FTTestSupport
import Foundation
import Testing

/// `jobs create` as one library use case: what the dry run shows is what the server receives, and
/// a local file is read once before the upload and once by it.
@Suite("jobs create: plan, then submit")
struct SubmissionTests {
    static func journalPath() -> String { NSTemporaryDirectory() + "ftctl-journal-\(UUID().uuidString).jsonl" }

    @Test func theDryRunShowsTheBodyTheServerReceives() async throws {
        let journal = Self.journalPath()
        defer { unlink(journal) }
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let data = try b.dataset(lines: 20)
        let args = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", data, "--epochs", "2",
                    "--suffix", "plan", "--metadata", "team=ml", "-y", "--request-id", "ftctl-test-plan-1"]

        // Before any upload the plan names the file by a placeholder; the rest is final.
        let first = try await b.ftctl(args + ["--dry-run", "-o", "json"])
        first.expectSuccess()
        let plan = try #require(JSONValue.parse(Data(first.stdout.utf8)))
        #expect(plan["files"]?.array?.first?["action"] == "upload")
        let placeholder = try #require(plan["files"]?.array?.first?["placeholder"]?.string)
        #expect(sandbox.received().isEmpty, "a dry run sends nothing")

        try await b.ftctl(args + ["-q"]).expectSuccess()
        let created = try #require(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last?["body"])
        let fileID = try #require(created["training_file"]?.string)
        var expected = try #require(plan["request"]?["body"])
        expected = Self.replacing(placeholder, with: fileID, in: expected)
        #expect(created == expected)

        // Now the file is in the upload cache: the dry run is the request, byte for byte.
        let second = try await b.ftctl(args + ["--dry-run", "-o", "json"])
        let cached = try #require(JSONValue.parse(Data(second.stdout.utf8)))
        #expect(cached["files"]?.array?.first?["action"] == "reuse")
        #expect(cached["files"]?.array?.first?["file_id"]?.string == fileID)
        try await b.ftctl(args + ["-q"]).expectSuccess()
        let again = try #require(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last?["body"])
        #expect(again == cached["request"]?["body"])
        #expect(again["metadata"]?["ftctl_request_id"] == "ftctl-test-plan-1")
        // Without --request-id each run draws its own: identical commands never share one.
        let free = Array(args.dropLast(2))
        let a = try #require(JSONValue.parse(Data(try await b.ftctl(free + ["--dry-run", "-o", "json"]).stdout.utf8)))
        let b2 = try #require(JSONValue.parse(Data(try await b.ftctl(free + ["--dry-run", "-o", "json"]).stdout.utf8)))
        #expect(a["request_id"] != b2["request_id"])
        #expect(a["request_id"]?.string?.hasPrefix("ftctl-") == true)
        #expect(sandbox.received("POST", pathSuffix: "/files").count == 1, "the cached file was not sent again")

        // The text dry run prints the same request, the file's fate on stderr.
        let text = try await b.ftctl(args + ["--dry-run"])
        let body = try #require(text.stdout.range(of: "\n\n").flatMap { JSONValue.parse(Data(text.stdout[$0.upperBound...].utf8)) })
        #expect(body == again)
        #expect(text.stderr.contains("was uploaded before as \(fileID)"))
    }

    /// strace counts the opens of the dataset: the plan's check (validation, tokens and SHA-256
    /// from one read) and the upload; a cached file is opened once, by the check.
    @Test func aLocalFileIsReadOnceBeforeTheUploadAndOnceByIt() async throws {
        guard let strace = ["/usr/bin/strace", "/bin/strace"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("strace is missing: `make test` installs it")
            return
        }
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let data = try b.dataset(lines: 20)
        func opens() async throws -> Int {
            let log = b.home + "/strace-\(UUID().uuidString).txt"
            let r = try await b.run(strace, ["-f", "-qq", "-e", "trace=open,openat", "-o", log, Binaries.path("ftctl"),
                                             "jobs", "create", "--model", "gpt-4o-mini", "--training-file", data, "-y", "-q"])
            r.expectSuccess()
            let lines = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return lines.split(separator: "\n").filter { $0.contains("\"\(data)\"") && !$0.contains("ENOENT") }.count
        }
        #expect(try await opens() == 2)
        #expect(try await opens() == 1)
    }

    @Test func aClosedRouteIsRefusedBeforeAnyUploadWithItsDate() async throws {
        let journal = Self.journalPath()
        defer { unlink(journal) }
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let args = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", try b.dataset(lines: 20), "-y", "-q"]
        let closed = try await b.ftctl(args, env: ["FTCTL_NOW": "2027-01-07T09:00:00Z"])
        #expect(closed.code == 7, "\(closed.stderr)")
        #expect(closed.stderr.contains("since 2027-01-06") && closed.stderr.contains("ftctl export"), "\(closed.stderr)")
        #expect(sandbox.received().isEmpty, "nothing was uploaded or sent")
        let soon = try await b.ftctl(args, env: ["FTCTL_NOW": "2026-12-20T09:00:00Z"])
        soon.expectSuccess()
        #expect(soon.stderr.contains("warning: openai takes no new fine-tuning jobs from 2027-01-06, in 17 days"), "\(soon.stderr)")
        let models = try await b.ftctl(["models", "list", "-o", "json"])
        let nano = try #require(JSONValue.parse(Data(models.stdout.utf8))?.array?.first { $0["id"] == "gpt-4.1-nano-2025-04-14" })
        #expect(nano["retired_on"] == "2026-10-23")
    }

    static func replacing(_ text: String, with replacement: String, in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(s == text ? replacement : s)
        case .array(let a): return .array(a.map { replacing(text, with: replacement, in: $0) })
        case .object(let o): return .object(JSONObject(o.map { ($0.key, replacing(text, with: replacement, in: $0.value)) }))
        default: return value
        }
    }
}
