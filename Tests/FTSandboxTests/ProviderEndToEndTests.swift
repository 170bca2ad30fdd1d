import FTCore
import Foundation
import Testing

/// The ftctl binary, over the real libcurl transport, against the sandbox, on every provider.
@Suite("ftctl on every provider against the sandbox")
struct ProviderEndToEndTests {
    /// Environment that points ftctl at the sandbox as each provider.
    static func env(_ provider: String, _ sandbox: RunningSandbox) -> [String: String] {
        env(provider, root: sandbox.root)
    }

    static func env(_ provider: String, root: String) -> [String: String] {
        let sandbox = (root: root, v1: root + "/v1")
        switch provider {
        case "portkey":
            return ["FTCTL_PROVIDER": "portkey", "PORTKEY_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.v1, "PORTKEY_PROVIDER": "openai"]
        case "nebius":
            // Nebius's own surface: its 422s, checkpoint by id and result_files.
            return ["FTCTL_PROVIDER": "nebius", "NEBIUS_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.root + "/nebius/v1"]
        case "truefoundry":
            return ["FTCTL_PROVIDER": "truefoundry", "TFY_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.root, "TFY_PROVIDER_NAME": "openai-main"]
        case "generic-v1":
            return ["FTCTL_PROVIDER": "generic-v1", "STRONGLY_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.root]
        default:
            return ["FTCTL_PROVIDER": "openai", "OPENAI_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.v1]
        }
    }

    @Test(arguments: ["openai", "portkey", "nebius", "truefoundry"])
    func theOpenAIDialectsRunTheWholeJob(provider: String) async throws {
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let b = Binaries(Self.env(provider, sandbox))

        let upload = try await b.ftctl(["files", "upload", try b.dataset(), "-o", "json"])
        upload.expectSuccess()
        let file = try #require(JSONValue.parse(Data(upload.stdout.utf8)))
        let fileID = try #require(file["id"]?.string)
        #expect(file["filename"] == "train.jsonl")
        #expect(file["provider"]?.string == provider)
        #expect(try await b.ftctl(["files", "list", "-q"]).trimmed == fileID)
        #expect(try await b.ftctl(["files", "get", fileID, "--field", "purpose"]).trimmed == "fine-tune")

        var args = ["jobs", "create", "--model", "base-model", "--training-file", fileID, "--epochs", "2", "--suffix", "e2e", "-q"]
        if provider == "nebius" { args += ["--learning-rate", "0.0001", "--lora", "--lora-r", "16"] }
        let created = try await b.ftctl(args)
        created.expectSuccess()
        let jobID = created.trimmed
        #expect(jobID.hasPrefix("ftjob-"))

        let wait = try await b.ftctl(["jobs", "wait", jobID, "--interval", "0.2s", "--wait-timeout", "60s", "-o", "json"])
        wait.expectSuccess()
        let job = try #require(JSONValue.parse(Data(wait.stdout.utf8)))
        #expect(job["status"] == "succeeded")
        #expect(job["provider"]?.string == provider)
        #expect(job["fine_tuned_model"]?.string?.contains("e2e") == true)
        #expect(job["trained_tokens"]?.int ?? 0 > 0)
        #expect(job["hyperparameters"]?["epochs"] == 2)

        #expect(try await b.ftctl(["jobs", "list", "-q"]).trimmed == jobID)
        #expect(try await b.ftctl(["jobs", "get", jobID, "--exit-status", "-q"]).code == 0)

        if provider != "truefoundry" {
            let logs = try await b.ftctl(["jobs", "logs", jobID])
            logs.expectSuccess()
            let lines = logs.stdout.split(separator: "\n")
            #expect(lines.dropFirst().first?.contains("Created fine-tuning job") == true)
            #expect(lines.last?.contains("successfully completed") == true)
            let ckpts = try await b.ftctl(["jobs", "checkpoints", jobID, "-o", "json"])
            let list = try #require(JSONValue.parse(Data(ckpts.stdout.utf8))?.array)
            #expect(!list.isEmpty)
            #expect(list.first?["metrics"]?["train_loss"]?.double != nil)
        } else {
            let logs = try await b.ftctl(["jobs", "logs", jobID])
            #expect(logs.code == 6)
            #expect(logs.stderr.contains("truefoundry has no events operation"))
        }

        let content = try await b.ftctl(["files", "download", fileID])
        #expect(content.stdout == (try String(contentsOfFile: b.home + "/train.jsonl", encoding: .utf8)))

        // A second job, cancelled while it runs.
        let slowSandbox = try await RunningSandbox.start(speed: 0.1)
        defer { slowSandbox.stop() }
        let s = Binaries(Self.env(provider, slowSandbox))
        let f2 = try await s.ftctl(["files", "upload", try s.dataset(), "-q"]).trimmed
        let j2 = try await s.ftctl(["jobs", "create", "--model", "base-model", "--training-file", f2, "-q"]).trimmed
        let cancelled = try await s.ftctl(["jobs", "cancel", j2, "--field", "status"])
        cancelled.expectSuccess()
        #expect(cancelled.trimmed == "cancelled")
        #expect(try await s.ftctl(["jobs", "get", j2, "--exit-status", "-q"]).code == 3)
        // Cancelling again is not a failure: the job is in the state asked for (as after a
        // resend whose first request did cancel it).
        let again = try await s.ftctl(["jobs", "cancel", j2, "--field", "status"])
        #expect(again.code == 0, "stderr: \(again.stderr)")
        #expect(again.trimmed == "cancelled")
        #expect(again.stderr.contains("was already cancelled"))
    }

    @Test func anInvalidDatasetOrAFailingModelEndsFailedWithExit2() async throws {
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let b = Binaries(Self.env("openai", sandbox))
        // The sandbox fails the job on the bad line; ftctl's own check would refuse the upload.
        let broken = try await b.ftctl(["files", "upload", try b.dataset("bad.jsonl", broken: true), "--no-validate", "-q"]).trimmed
        let good = try await b.ftctl(["files", "upload", try b.dataset(), "-q"]).trimmed
        let j1 = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", broken, "--wait", "-o", "json"])
        #expect(j1.code == 2, "\(j1.stderr)")
        let job = try #require(JSONValue.parse(Data(j1.stdout.utf8)))
        #expect(job["status"] == "failed")
        #expect(job["error"]?["code"] == "invalid_training_file")
        #expect(job["error"]?["message"]?.string?.contains("line 13") == true)
        let j2 = try await b.ftctl(["jobs", "create", "--model", "please-fail", "--training-file", good, "--wait", "-q"])
        #expect(j2.code == 2)
    }

    @Test func pauseAndResumeOnOpenAI() async throws {
        // Slow enough that the run outlasts a loaded machine's command latency.
        let sandbox = try await RunningSandbox.start(speed: 0.5)
        defer { sandbox.stop() }
        let b = Binaries(Self.env("openai", sandbox))
        let f = try await b.ftctl(["files", "upload", try b.dataset(lines: 200), "-q"]).trimmed
        let j = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", f, "-q"]).trimmed
        let early = try await b.ftctl(["jobs", "pause", j])
        #expect(early.code == 1)
        #expect(early.stderr.contains("Only a running job can be paused"))
        _ = try await b.ftctl(["jobs", "wait", j, "--for", "running", "--interval", "0.3s", "--wait-timeout", "60s", "-q"])
        #expect(try await b.ftctl(["jobs", "pause", j, "--field", "status"]).trimmed == "paused")
        let step = try await b.ftctl(["jobs", "get", j, "--field", "progress.step"]).trimmed
        try await Task.sleep(nanoseconds: 600_000_000)
        #expect(try await b.ftctl(["jobs", "get", j, "--field", "progress.step"]).trimmed == step)
        #expect(try await b.ftctl(["jobs", "resume", j, "--field", "status"]).trimmed == "running")
    }

    @Test func genericV1RunsEveryEndpoint() async throws {
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let b = Binaries(Self.env("generic-v1", sandbox))
        // The platform takes a dataset id or path; a file uploaded elsewhere is not needed.
        let noName = try await b.ftctl(["jobs", "create", "--model", "llama-3.1-8b", "--training-file", "ds_train_001"])
        #expect(noName.code == 64)
        #expect(noName.stderr.contains("--name"))
        let created = try await b.ftctl(["jobs", "create", "--name", "Support bot", "--model", "llama-3.1-8b",
                                         "--training-file", "ds_train_001", "--epochs", "2", "--learning-rate", "0.0002",
                                         "--batch-size", "8", "--warmup-steps", "10", "-o", "json"])
        created.expectSuccess()
        let job = try #require(JSONValue.parse(Data(created.stdout.utf8)))
        let id = try #require(job["id"]?.string)
        #expect(job["name"] == "Support bot")
        #expect(job["model"] == "llama-3.1-8b")

        // Running: delete is refused until it is stopped.
        let slow = try await RunningSandbox.start(speed: 0.1)
        defer { slow.stop() }
        let s = Binaries(Self.env("generic-v1", slow))
        let running = try await s.ftctl(["jobs", "create", "--name", "slow", "--model", "llama-3.1-8b", "--training-file", "ds", "-q"]).trimmed
        let refused = try await s.ftctl(["jobs", "delete", running, "-y"])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("stop it before deleting it"))
        #expect(try await s.ftctl(["jobs", "stop", running, "--field", "status"]).trimmed == "stopped")
        #expect(try await s.ftctl(["jobs", "get", running, "--exit-status", "-q"]).code == 3)
        #expect(try await s.ftctl(["jobs", "restart", running, "--field", "status"]).trimmed == "queued")
        #expect(try await s.ftctl(["jobs", "stop", running, "-q"]).code == 0)
        let deleted = try await s.ftctl(["jobs", "delete", running, "-y"])
        deleted.expectSuccess()
        #expect(try await s.ftctl(["jobs", "get", running]).code == 5)

        let waited = try await b.ftctl(["jobs", "wait", id, "--interval", "0.2s", "--wait-timeout", "60s", "--field", "status"])
        #expect(waited.trimmed == "succeeded")
        let deployed = try await b.ftctl(["jobs", "deploy", id, "-o", "json"])
        deployed.expectSuccess()
        #expect(JSONValue.parse(Data(deployed.stdout.utf8))?["status"] == "deployed")
        #expect(JSONValue.parse(Data(deployed.stdout.utf8))?["fine_tuned_model"]?.string?.hasPrefix("ft:llama-3.1-8b") == true)

        let logs = try await b.ftctl(["jobs", "logs", id, "--tail", "2"])
        #expect(logs.stdout.contains("Fine-tuned model deployed"))
        let metrics = try await b.ftctl(["jobs", "metrics", id, "-o", "csv"])
        metrics.expectSuccess()
        #expect(metrics.stdout.hasPrefix("step,training_loss,validation_loss,learning_rate\n"))
        let stats = try await b.ftctl(["stats", "-o", "json"])
        #expect(JSONValue.parse(Data(stats.stdout.utf8))?["total"] == 1)
        let models = try await b.ftctl(["models", "list", "-q"])
        #expect(models.stdout == "llama-3.1-8b\nllama-3.1-70b\nmistral-7b-v0.3\n")
        let hardware = try await b.ftctl(["hardware", "list", "-o", "json"])
        #expect(JSONValue.parse(Data(hardware.stdout.utf8))?.array?.first?["cost_per_hour"] == 3.5)
        let list = try await b.ftctl(["jobs", "list", "--status", "deployed", "-q"])
        #expect(list.trimmed == id)
    }

    @Test func listAllWalksOffsetPagesOnGenericV1AndCursorsOnOpenAI() async throws {
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let g = Binaries(Self.env("generic-v1", sandbox))
        for n in 0..<5 {
            _ = try await g.ftctl(["jobs", "create", "--name", "j\(n)", "--model", "llama-3.1-8b", "--training-file", "ds", "-q"])
        }
        let all = try await g.ftctl(["jobs", "list", "--all", "-q", "-v"])
        #expect(all.stdout.split(separator: "\n").count == 5)
        let limited = try await g.ftctl(["jobs", "list", "--limit", "3", "-q"])
        #expect(limited.stdout.split(separator: "\n").count == 3)

        let o = Binaries(Self.env("openai", sandbox))
        let f = try await o.ftctl(["files", "upload", try o.dataset(), "-q"]).trimmed
        for _ in 0..<3 { _ = try await o.ftctl(["jobs", "create", "--model", "m", "--training-file", f, "-q"]) }
        let two = try await o.ftctl(["jobs", "list", "--limit", "2", "-q"])
        #expect(two.stdout.split(separator: "\n").count == 2)
        let every = try await o.ftctl(["jobs", "list", "--all", "-q"])
        #expect(every.stdout.split(separator: "\n").count == 3)
    }

    @Test(arguments: ["openai", "portkey", "nebius", "truefoundry", "generic-v1"])
    func aWrongKeyExits77WithTheProvidersSentence(provider: String) async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        var env = Self.env(provider, sandbox)
        for k in ["OPENAI_API_KEY", "PORTKEY_API_KEY", "NEBIUS_API_KEY", "TFY_API_KEY", "STRONGLY_API_KEY"] where env[k] != nil {
            env[k] = "sk-wrong-9999"
        }
        let r = try await Binaries(env).ftctl(["jobs", "list"])
        #expect(r.code == 77, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!r.stderr.contains("sk-wrong-9999"))
        let expected = ["portkey": "Invalid API key", "generic-v1": "Invalid API key"][provider] ?? "Incorrect API key provided"
        #expect(r.stderr.contains(expected), "\(r.stderr)")
    }

    @Test func aReadOnlyPlatformKeyGets403OnWrites() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        var env = Self.env("generic-v1", sandbox)
        env["STRONGLY_API_KEY"] = "sk-sandbox-readonly"
        let b = Binaries(env)
        #expect(try await b.ftctl(["jobs", "list"]).code == 0)
        let w = try await b.ftctl(["jobs", "create", "--name", "n", "--model", "m", "--training-file", "d"])
        #expect(w.code == 77)
        #expect(w.stderr.contains("fine-tuning:write"))
    }

    @Test func truefoundryFilesNeedTheProviderName() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        var env = Self.env("truefoundry", sandbox)
        env["TFY_PROVIDER_NAME"] = nil
        let r = try await Binaries(env).ftctl(["files", "list"])
        #expect(r.code == 78)
        #expect(r.stderr.contains("--tfy-provider-name"))
    }

    @Test func operationsAProviderLacksExit6BeforeAnyRequest() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let nebius = try await Binaries(Self.env("nebius", sandbox)).ftctl(["jobs", "deploy", "ftjob-1"])
        #expect(nebius.code == 6)
        #expect(nebius.stderr == "ftctl: deploy: nebius has no deploy operation. Use a provider that does; `ftctl --help` lists them.\n")
        let g = try await Binaries(Self.env("generic-v1", sandbox)).ftctl(["jobs", "cancel", "x"])
        #expect(g.code == 6)
        let hp = try await Binaries(Self.env("openai", sandbox)).ftctl(["jobs", "create", "--model", "m", "--training-file", "f", "--learning-rate", "0.1"])
        #expect(hp.code == 64)
        #expect(hp.stderr.contains("--learning-rate: openai has no field for it"))
        let viaSet = try await Binaries(Self.env("openai", sandbox)).ftctl(["jobs", "create", "--model", "m", "--training-file", "f",
                                                                              "--set", "method.supervised.hyperparameters.learning_rate=0.1", "--dry-run"])
        viaSet.expectSuccess()
        #expect(viaSet.stdout.contains("\"learning_rate\": 0.1"))
    }
}
