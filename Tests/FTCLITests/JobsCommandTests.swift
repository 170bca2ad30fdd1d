import FTCore
import FTTestSupport
import Foundation
import Testing

/// The ftctl binary over the real libcurl transport against an OpenAI-shaped server on loopback.
@Suite("ftctl jobs and files against a loopback OpenAI-shaped server")
struct JobsCommandTests {
    static let key = FakeOpenAIRoutes.apiKey

    func withServer(_ body: (FTCtlRunner, String) async throws -> Void) async throws {
        let server = try await TestServer.start(FakeOpenAIRoutes.router())
        defer { server.stop() }
        let runner = FTCtlRunner(environment: ["OPENAI_API_KEY": Self.key, "FTCTL_BASE_URL": server.baseURL + "/v1"])
        try await body(runner, server.baseURL)
    }

    @Test func finishedJobsSeenByGetAppearInSpendOnce() async throws {
        try await withServer { ftctl, _ in
            for _ in 0..<2 { _ = try await ftctl.run(["jobs", "get", "ftjob-1"]) }
            let r = try await ftctl.run(["spend", "-o", "json"])
            #expect(r.code == 0, "\(r.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 1 && rows.first?["provider"] as? String == "openai" && rows.first?["jobs"] as? Int == 1, "\(r.stdout)")
            let table = try await ftctl.run(["spend", "--by", "model"])
            #expect(table.stdout.hasPrefix("MODEL") && table.stdout.contains("gpt-4o-mini"), "\(table.stdout)")
        }
    }

    @Test func listPrintsATableWalkingPagesUpToTheLimit() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "list"])
            #expect(r.code == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("ID") == true)
            #expect(lines.first?.contains("STATUS") == true)
            #expect(lines.count == 6, "\(r.stdout)")
            #expect(lines[1].hasPrefix("ftjob-5"))
            #expect(lines[1].contains("brand_new_status"))
            let limited = try await ftctl.run(["jobs", "list", "--limit", "3", "-q"])
            #expect(limited.stdout == "ftjob-5\nftjob-4\nftjob-3\n")
            let all = try await ftctl.run(["jobs", "list", "--all", "-o", "name"])
            #expect(all.stdout == (1...5).reversed().map { "job/ftjob-\($0)\n" }.joined())
        }
    }

    @Test func jsonOutputHasEveryContractFieldWithNulls() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["-o", "json", "jobs", "list"])
            #expect(r.code == 0, "\(r.stderr)")
            let list = try #require(JSONValue.parse(Data(r.stdout.utf8))?.array)
            #expect(list.count == 5)
            let fields = ["id", "provider", "name", "model", "status", "created_at", "started_at", "finished_at",
                          "fine_tuned_model", "training_file", "validation_file", "hyperparameters", "trained_tokens",
                          "progress", "estimated_finish", "error", "metadata"]
            for job in list { #expect(Set(job.object?.keys ?? []) == Set(fields)) }
            // And in the contract's order, as printed.
            let first = try #require(r.stdout.range(of: "\n  },")).lowerBound
            let positions = fields.map { r.stdout[..<first].range(of: "\"\($0)\":")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            let succeeded = try #require(list.last)
            #expect(succeeded["status"] == "succeeded")
            #expect(succeeded["provider"] == "openai")
            #expect(succeeded["created_at"] == "2024-07-23T20:01:00Z")
            #expect(succeeded["hyperparameters"]?["epochs"] == 3)
            #expect(succeeded["hyperparameters"]?["learning_rate"] == .null)
            #expect(succeeded["validation_file"] == .null)
            #expect(succeeded["trained_tokens"] == 12345)
        }
    }

    @Test func anEmptyOrDotIDIsAUsageErrorNotTheListReadAsAJob() async throws {
        try await withServer { ftctl, _ in
            for args in [["jobs", "get", ""], ["jobs", "get", "."], ["jobs", "cancel", ".."], ["jobs", "logs", ""], ["files", "get", ""]] {
                let r = try await ftctl.run(args)
                #expect(r.code == 64, "\(args): \(r.code) \(r.stderr)")
                #expect(r.stdout.isEmpty, "\(args): \(r.stdout)")
                #expect(r.stderr.hasPrefix("ftctl: ") && r.stderr.contains("'.' or '..' segment")
                        && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            }
        }
    }

    @Test func getShowsOneJobAndFieldsAndRaw() async throws {
        try await withServer { ftctl, _ in
            let status = try await ftctl.run(["jobs", "get", "ftjob-2", "--field", "status"])
            #expect(status.stdout == "running\n")
            let nested = try await ftctl.run(["jobs", "get", "ftjob-1", "--field", "hyperparameters.epochs"])
            #expect(nested.stdout == "3\n")
            let raw = try await ftctl.run(["jobs", "get", "ftjob-1", "--raw"])
            #expect(JSONValue.parse(Data(raw.stdout.utf8))?["unknown_extra_field"]?["nested"] == true)
            let yaml = try await ftctl.run(["jobs", "get", "ftjob-1", "-o", "yaml"])
            #expect(yaml.stdout.contains("id: ftjob-1\n"))
            #expect(yaml.stdout.contains("status: succeeded\n"))
            let table = try await ftctl.run(["jobs", "get", "ftjob-1"])
            #expect(table.stdout.contains("fine_tuned_model"))
            #expect(table.stdout.contains("ft:gpt-4o-mini:org::abc"))
            let badField = try await ftctl.run(["jobs", "get", "ftjob-1", "--field", "nope"])
            badField.expectOneLineError(64, containing: "--field nope")
        }
    }

    @Test(arguments: [("ftjob-1", Int32(0)), ("ftjob-3", 2), ("ftjob-4", 3), ("ftjob-2", 1)])
    func getExitStatusFollowsTheOutcome(id: String, code: Int32) async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "get", id, "--exit-status", "-q"])
            #expect(r.code == code)
            #expect(r.stdout == id + "\n")
        }
    }

    @Test func aMissingJobExits5WithTheProvidersSentence() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "get", "ftjob-nope"])
            r.expectOneLineError(5, containing: "get job ftjob-nope: No such fine-tuning job: ftjob-nope.")
            #expect(r.stderr.contains("(HTTP 404)"))
        }
    }

    @Test func aWrongKeyExits77AndNeverShowsTheKey() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "list"], env: ["OPENAI_API_KEY": "sk-wrong-key-777"])
            r.expectOneLineError(77, containing: "Incorrect API key")
            #expect(!r.stderr.contains("sk-wrong-key-777"))
        }
    }

    @Test func noKeyExits78() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "list"], env: ["OPENAI_API_KEY": ""])
            r.expectOneLineError(78, containing: "no API key")
        }
    }

    @Test func aRefusedConnectionExits75() async throws {
        let ftctl = FTCtlRunner(environment: ["OPENAI_API_KEY": Self.key])
        let r = try await ftctl.run(["jobs", "list", "--base-url", "http://127.0.0.1:1/v1", "--max-retries", "0"])
        r.expectOneLineError(75, containing: "connection refused by 127.0.0.1:1")
    }

    @Test func verboseTracesHTTPWithSecretsMasked() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "get", "ftjob-1", "-v", "-q"])
            #expect(r.code == 0)
            #expect(r.stderr.contains("> GET "))
            #expect(r.stderr.contains("/v1/fine_tuning/jobs/ftjob-1"))
            #expect(r.stderr.contains("Authorization: [REDACTED]"))
            #expect(r.stderr.contains("User-Agent: ftctl/"))
            #expect(r.stderr.contains("< 200"))
            #expect(!r.stderr.contains(Self.key))
        }
    }

    @Test func dryRunPrintsTheRequestAndSendsNothing() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", "file-abc",
                                         "--epochs", "2", "--suffix", "demo", "--metadata", "team=ml", "--dry-run",
                                         "-H", "X-Trace: on"])
            #expect(r.code == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first?.hasPrefix("POST http://127.0.0.1:") == true)
            #expect(lines.first?.hasSuffix("/v1/fine_tuning/jobs") == true)
            #expect(r.stdout.contains("Authorization: [REDACTED]"))
            #expect(r.stdout.contains("X-Trace: on"))
            #expect(!r.stdout.contains(Self.key))
            let body = try #require(r.stdout.range(of: "\n\n").map { String(r.stdout[$0.upperBound...]) })
            let json = try #require(JSONValue.parse(Data(body.utf8)))
            #expect(json["model"] == "gpt-4o-mini")
            #expect(json["training_file"] == "file-abc")
            #expect(json["suffix"] == "demo")
            #expect(json["metadata"]?["team"] == "ml")
            #expect(json["metadata"]?["ftctl_request_id"]?.string?.hasPrefix("ftctl-") == true)
            #expect(json["method"]?["supervised"]?["hyperparameters"]?["n_epochs"] == 2)
        }
    }

    @Test func createUploadsALocalTrainingFileFirst() async throws {
        try await withServer { ftctl, _ in
            let path = ftctl.home + "/train.jsonl"
            try Data(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
            // One example is too few for OpenAI: the check would refuse it, so it is skipped here.
            let r = try await ftctl.run(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", path, "--no-validate", "-o", "json"])
            #expect(r.code == 0, "\(r.stderr)")
            #expect(r.stderr.contains("uploaded \(path) as file-uploaded"))
            let job = try #require(JSONValue.parse(Data(r.stdout.utf8)))
            #expect(job["id"] == "ftjob-new")
            #expect(job["training_file"] == "file-uploaded")
            #expect(job["status"] == "validating_files")
        }
    }

    @Test func cancelAndUnsupportedOperations() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "cancel", "ftjob-2", "--field", "status"])
            #expect(r.stdout == "cancelled\n")
            let stop = try await ftctl.run(["jobs", "stop", "ftjob-2"])
            stop.expectOneLineError(6, containing: "openai has no stop operation")
        }
    }

    @Test func logsComeOldestFirstAndAsNDJSON() async throws {
        try await withServer { ftctl, _ in
            let r = try await ftctl.run(["jobs", "logs", "ftjob-2", "-o", "json"])
            #expect(r.code == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map { JSONValue.parse(Data($0.utf8)) }
            #expect(lines.count == 3)
            #expect(lines.map { $0?["step"] } == [10, 20, 30])
            #expect(lines.first??["message"] == "Step 10/30: training loss=2.0")
            let tail = try await ftctl.run(["jobs", "logs", "ftjob-2", "--tail", "1"])
            #expect(tail.stdout.contains("Step 30/30"))
            #expect(!tail.stdout.contains("Step 10/30"))
        }
    }

    @Test func filesUploadAndMissingFile() async throws {
        try await withServer { ftctl, _ in
            let path = ftctl.home + "/data.jsonl"
            try Data(repeating: 65, count: 12_345).write(to: URL(fileURLWithPath: path))
            // Not a dataset: checked, it is refused before anything is sent; unchecked, it goes.
            let refused = try await ftctl.run(["files", "upload", path])
            refused.expectOneLineError(65, containing: "not uploaded")
            let r = try await ftctl.run(["files", "upload", path, "--no-validate", "-o", "json"])
            #expect(r.code == 0, "\(r.stderr)")
            let file = try #require(JSONValue.parse(Data(r.stdout.utf8)))
            #expect(file["id"] == "file-uploaded")
            // The server counted the whole multipart body, so it is larger than the file.
            #expect((file["bytes"]?.int ?? 0) > 12_345)
            let missing = try await ftctl.run(["files", "upload", ftctl.home + "/nope.jsonl"])
            missing.expectOneLineError(66, containing: "nope.jsonl")
        }
    }

    @Test func extraHeadersFromProfileAndFlagReachTheServer() async throws {
        try await withServer { ftctl, base in
            _ = try await ftctl.run(["config", "set", "headers.X-Team", "ml"])
            let r = try await ftctl.run(["jobs", "get", "ftjob-1", "-v", "-q", "-H", "X-Run: 7"])
            #expect(r.stderr.contains("> X-Team: ml"))
            #expect(r.stderr.contains("> X-Run: 7"))
            _ = base
        }
    }
}
