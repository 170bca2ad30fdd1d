import FTCore
import FTTestSupport
import Foundation
import Testing

/// Together AI: its official Python SDK (`together` 3.1.1 from PyPI, in the FTCTL_TEST_PYTHON venv)
/// against `ftctl-sandbox`, ftctl's create bodies against Together's published schema, and ftctl's
/// commands end to end on the sandbox's Together surface.
@Suite("together")
struct TogetherTests {
    static func env(_ root: String) -> [String: String] {
        ["FTCTL_PROVIDER": "together", "TOGETHER_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": root + "/together/v1"]
    }

    static let model = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"

    /// The SDK 3.x puts `/v1` in its paths, so its base URL is the surface's root without it.
    @Test func theOfficialSDKCreatesListsReadsAndCancelsOnTheSandboxProcess() async throws {
        let b = Binaries()
        let sandbox = try await SandboxProcess.start(["--speed", "0.01"], directory: b.home)
        defer { sandbox.process.kill() }
        let data = try b.dataset()
        let script = #"""
        import sys
        from together import Together
        c = Together(base_url=sys.argv[1], api_key="sk-sandbox", max_retries=0)
        f = c.files.upload(file=sys.argv[2], purpose="fine-tune")
        assert f.filename == "train.jsonl" and f.bytes > 0, f
        assert f.id in [x.id for x in c.files.list().data]
        j = c.fine_tuning.create(training_file=f.id, model=sys.argv[3], lora=True, suffix="sdk", n_epochs=2)
        assert j.id.startswith("ft-") and j.status == "pending", j
        full = c.fine_tuning.create(training_file=f.id, model=sys.argv[3], lora=False)
        assert full.training_type.type == "Full", full.training_type
        assert [x.id for x in c.fine_tuning.list().data if x.id == j.id] == [j.id]
        g = c.fine_tuning.retrieve(j.id)
        assert g.id == j.id and g.model == sys.argv[3] and g.training_type.type == "Lora", g
        events = c.fine_tuning.list_events(j.id).data
        assert events and events[0].type == "JOB_PENDING", events
        x = c.fine_tuning.cancel(j.id)
        assert x.status == "cancel_requested", x.status
        assert c.fine_tuning.retrieve(j.id).status == "cancelled"
        print(j.id, f.id)
        """#
        let python = ProcessInfo.processInfo.environment["FTCTL_TEST_PYTHON"] ?? "python3"
        let r = try await b.run("/usr/bin/env", [python, "-c", script, sandbox.root + "/together", data, Self.model],
                                env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(r.code == 0, "\(r.stderr.suffix(2000))")
        let ids = r.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        let (job, file) = (try #require(ids.first), try #require(ids.last))

        // ftctl sees what the SDK left, and the file the SDK uploaded serves its bytes.
        let ftctl = Binaries(Self.env(sandbox.root))
        let status = try await ftctl.ftctl(["jobs", "get", job, "--field", "status"])
        #expect(status.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "cancelled", "\(status.stderr)")
        let content = try await ftctl.ftctl(["files", "download", file])
        #expect(content.stdout == (try String(contentsOfFile: data, encoding: .utf8)))
    }

    /// Together's request schemas: an excerpt of togethercomputer/openapi (see its header), checked
    /// by the validator of `SchemaCheckTests`.
    static let excerpt = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/together-openapi-excerpt.yaml").path

    static func violations(_ bodies: [JSONValue], schema: String, b: Binaries) async throws -> [String] {
        try await SchemaCheckTests.violations(bodies, schema: schema, spec: excerpt, b: b)
    }

    @Test func createBodiesMatchTogethersPublishedSchema() async throws {
        let journal = SubmissionTests.journalPath()
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(Self.env(sandbox.root))
        let up = try await b.ftctl(["files", "upload", try b.dataset(), "-q"])
        up.expectSuccess()
        let file = up.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let base = ["jobs", "create", "--model", Self.model, "--training-file", file, "-y", "-q"]
        let runs: [[String]] = [
            ["--lora", "--lora-r", "8", "--lora-dropout", "0.05", "--lora-trainable-modules", "q_proj,v_proj", "--epochs", "2",
             "--batch-size", "8", "--learning-rate", "0.0001", "--warmup-ratio", "0.1", "--weight-decay", "0.01", "--max-grad-norm", "1",
             "--n-checkpoints", "2", "--n-evals", "1", "--validation-file", file, "--suffix", "s", "--seed", "3",
             "--train-on-inputs", "false", "--lr-scheduler", "linear", "--context-length", "4096", "--no-packing",
             "--integration", "wandb:project=p,entity=e,name=n"],
            ["--no-lora", "--method", "dpo", "--beta", "0.2", "--rpo-alpha", "0.5", "--simpo-gamma", "0.1"],
            ["--no-lora", "--method", "supervised"],
            ["--lora-r", "16", "--from-job", "ft-3b1c6f0e-8a55-4c1e-9a43-2f0e7d9c1a10:10"],
            ["--from-checkpoint", "hf:org/base@main"],
        ]
        for extra in runs {
            let r = try await b.ftctl(base + extra, env: ["WANDB_API_KEY": "wandb-secret", "HF_TOKEN": "hf-secret"])
            #expect(r.code == 0, "\(extra.prefix(3)): \(r.stderr)")
        }
        let bodies = sandbox.received("POST", pathSuffix: "/fine-tunes").compactMap { $0["body"] }
        #expect(bodies.count == runs.count)
        #expect(try await Self.violations(bodies, schema: "FinetuneRequest", b: b) == [])
        // What the flags became, as the schema names it.
        #expect(bodies.first?["training_type"] == ["type": "Lora", "lora_r": 8, "lora_alpha": 16, "lora_dropout": 0.05,
                                                  "lora_trainable_modules": "q_proj,v_proj"])
        #expect(bodies.first?["training_method"] == ["method": "sft", "train_on_inputs": false])
        #expect(bodies.first?["wandb_api_key"] == "wandb-secret" && bodies.first?["wandb_project_name"] == "p")
        #expect(bodies.dropFirst().first?["training_method"] == ["method": "dpo", "dpo_beta": 0.2, "rpo_alpha": 0.5, "simpo_gamma": 0.1])
        #expect(bodies.dropFirst().first?["training_type"] == ["type": "Full"])
        #expect(bodies.dropFirst(3).first?["from_checkpoint"] == "ft-3b1c6f0e-8a55-4c1e-9a43-2f0e7d9c1a10:10")
        #expect(bodies.last?["from_hf_model"] == "org/base" && bodies.last?["hf_model_revision"] == "main")

        // The check sees what it should: a LoRA type without its rank, and OpenAI's layout, are violations.
        let found = try await Self.violations([["model": "m", "training_file": "f", "training_type": ["type": "Lora"]],
                                               ["model": "m", "training_file": "f", "hyperparameters": ["n_epochs": 1]]],
                                              schema: "FinetuneRequest", b: b)
        #expect(found.contains { $0.hasPrefix("0 training_type") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("1 ") && $0.contains("hyperparameters") }, "\(found)")

        // Together's own price estimate, asked beside each create (the file is an id) and by
        // `estimate --training-file`, with the create's fields, matches its request schema too.
        let estimate = try await b.ftctl(["estimate", "--provider", "together", "--model", Self.model, "--training-file", file,
                                          "--epochs", "2", "-o", "json"])
        estimate.expectSuccess()
        let asked = sandbox.received("POST", pathSuffix: "/fine-tunes/estimate-price").compactMap { $0["body"] }
        #expect(asked.count == runs.count + 1)
        #expect(asked.first?["training_type"] == bodies.first?["training_type"] && asked.first?["n_evals"] == 1)
        #expect(try await Self.violations(asked, schema: "EstimatePriceRequest", b: b) == [])
    }

    @Test func ftctlRunsTogethersJobsEndToEnd() async throws {
        let journal = SubmissionTests.journalPath()
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(Self.env(sandbox.root))
        let data = try b.dataset(lines: 40)

        // A local file goes up in Together's three steps, then the job runs to the end.
        let created = try await b.ftctl(["jobs", "create", "--model", Self.model, "--training-file", data, "--lora", "--lora-r", "8",
                                         "--n-checkpoints", "2", "--suffix", "e2e", "-y", "-q", "--wait"])
        #expect(created.code == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("ft-"))
        #expect(sandbox.received("POST", pathSuffix: "/together/v1/files").count == 1)
        #expect(sandbox.received("PUT").count == 1)
        #expect(sandbox.received("POST", pathSuffix: "/preprocess").count == 1)

        let listed = try await b.ftctl(["jobs", "list", "-q"])
        #expect(listed.stdout.split(separator: "\n").contains(Substring(id)))
        let job = try #require(JSONValue.parse(Data(try await b.ftctl(["jobs", "get", id, "-o", "json"]).stdout.utf8)))
        #expect(job["status"] == "succeeded")
        #expect(job["hyperparameters"]?["lora_r"] == 8)
        #expect(job["fine_tuned_model"]?.string?.contains("e2e") == true)
        let logs = try await b.ftctl(["jobs", "logs", id])
        #expect(logs.stdout.contains("The job has successfully completed"), "\(logs.stderr)")
        let checkpoints = JSONValue.parse(Data(try await b.ftctl(["jobs", "checkpoints", id, "-o", "json"]).stdout.utf8))?.array ?? []
        let steps = checkpoints.compactMap { $0["step"]?.int }
        #expect(!steps.isEmpty)

        let metrics = JSONValue.parse(Data(try await b.ftctl(["jobs", "metrics", id, "-o", "json"]).stdout.utf8))?.array ?? []
        #expect(!metrics.isEmpty && metrics.allSatisfy { $0["train_loss"]?.double != nil && $0["step"]?.int != nil }, "\(metrics)")

        // The model, final and at a checkpoint, written whole.
        let out = b.home + "/model.tar"
        try await b.ftctl(["jobs", "download", id, "-O", out]).expectSuccess()
        #expect((try String(contentsOfFile: out, encoding: .utf8)).contains("job \(id)"))
        let step = try #require(steps.min())
        try await b.ftctl(["jobs", "download", id, "--checkpoint-step", String(step), "--checkpoint-type", "adapter", "-O", out]).expectSuccess()
        let adapter = try String(contentsOfFile: out, encoding: .utf8)
        #expect(adapter.contains("step \(step)\n") && adapter.contains("checkpoint adapter"))
        let missing = try await b.ftctl(["jobs", "download", id, "--checkpoint-step", "99999", "-O", b.home + "/none.tar"])
        #expect(missing.code != 0 && !FileManager.default.fileExists(atPath: b.home + "/none.tar"))

        // Uploaded once, the file is an id Together can price: its own estimate stands beside ours.
        let dry = try await b.ftctl(["jobs", "create", "--model", Self.model, "--training-file", data, "--epochs", "2", "--dry-run", "-o", "json"])
        dry.expectSuccess()
        let plan = try #require(JSONValue.parse(Data(dry.stdout.utf8)))
        #expect((plan["provider_estimate"]?["amount"]?.double ?? 0) > 0, "\(dry.stdout)")
        #expect(plan["estimate"]?["cost"] != nil)
        #expect(sandbox.received("POST", pathSuffix: "/fine-tunes/estimate-price").last?["body"]?["n_epochs"] == 2)

        // What Together cannot do is refused before sending (exit 6); so is another provider's id.
        let requests = sandbox.received().count
        let pause = try await b.ftctl(["jobs", "pause", id])
        #expect(pause.code == 6 && pause.stderr.contains("pause"), "\(pause.stderr)")
        let other = try await b.ftctl(["jobs", "get", "ftjob-abc123"])
        #expect(other.code == 5, "\(other.stderr)")
        #expect(other.stderr.split(separator: "\n").count == 1 && other.stderr.contains("ft-"), "\(other.stderr)")
        let openaiDownload = try await Binaries(ProviderEndToEndTests.env("openai", sandbox)).ftctl(["jobs", "download", "ftjob-abc123"])
        #expect(openaiDownload.code == 6, "\(openaiDownload.stderr)")

        // A field Together lacks, and a missing model, are named before anything is uploaded.
        let lacking = try await b.ftctl(["jobs", "create", "--model", Self.model, "--training-file", try b.dataset("other.jsonl", lines: 5),
                                         "--learning-rate-multiplier", "2", "-y"])
        #expect(lacking.code == 64 && lacking.stderr.contains("--learning-rate-multiplier"), "\(lacking.stderr)")
        let noModel = try await b.ftctl(["jobs", "create", "-f", try Self.spec(b, "training_file: \(data)\nn_checkpoints: 2\n"), "-y"])
        #expect(noModel.code != 0 && noModel.stderr.contains("model"), "\(noModel.stderr)")
        #expect(sandbox.received().count == requests, "nothing was sent: \(sandbox.received().suffix(3))")

        // A running job is cancelled; Together says cancel_requested, then cancelled.
        let slow = try await RunningSandbox.start(speed: 0.01)
        defer { slow.stop() }
        let s = Binaries(Self.env(slow.root))
        let running = try await s.ftctl(["jobs", "create", "--model", Self.model, "--training-file", try s.dataset(), "-y", "-q"])
        running.expectSuccess()
        let rid = running.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cancelled = try await s.ftctl(["jobs", "cancel", rid, "-o", "json"])
        cancelled.expectSuccess()
        #expect(JSONValue.parse(Data(cancelled.stdout.utf8))?["status"] == "cancelling", "\(cancelled.stdout)")
        let after = try await s.ftctl(["jobs", "get", rid, "--field", "status"])
        #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "cancelled")

        // Together's own cost (total_price, nano-dollars) is the ledger's actual figure.
        let spend = JSONValue.parse(Data(try await b.ftctl(["spend", "-o", "json"]).stdout.utf8))
        let row = try #require(spend?.array?.first { $0["group"] == "together" || $0["provider"] == "together" })
        let actual = try #require(Double(row["actual_usd"]?.string ?? ""))
        #expect(actual > 0 && actual < 1, "\(row)")
    }

    static func spec(_ b: Binaries, _ text: String) throws -> String {
        let path = b.home + "/spec-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
