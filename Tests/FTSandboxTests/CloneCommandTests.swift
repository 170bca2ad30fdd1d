import FTCore
import FTTestSupport
import Foundation
import Testing

/// `jobs clone` and `jobs diff` through the real ftctl binary against the real sandbox: an OpenAI
/// job re-created on Nebius (its create checked by the sandbox's Nebius surface, written from
/// nebius/tokenfactory-rl's schema), from the account and from an export after the account is
/// gone; what does not carry over is named; the data is uploaded once per target.
@Suite("jobs clone and jobs diff")
struct CloneCommandTests {
    /// A sandbox with a journal, a binary runner whose environment names openai as the source
    /// and carries Nebius's key, and one OpenAI job made from a local dataset.
    static func setUp(_ create: [String] = ["--epochs", "3", "--learning-rate-multiplier", "2", "--seed", "7", "--suffix", "mig"])
        async throws -> (RunningSandbox, Binaries, job: String, journal: String)
    {
        let journal = SubmissionTests.journalPath()
        let sandbox = try await RunningSandbox.start(journal: journal)
        var env = ProviderEndToEndTests.env("openai", sandbox)
        env["NEBIUS_API_KEY"] = "sk-sandbox"
        env["TOGETHER_API_KEY"] = "sk-sandbox"
        let b = Binaries(env)
        let r = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", try b.dataset(), "-y", "-q"] + create)
        r.expectSuccess()
        return (sandbox, b, r.trimmed, journal)
    }

    static func toNebius(_ sandbox: RunningSandbox) -> [String] {
        ["--to-provider", "nebius", "--to-base-url", sandbox.root + "/nebius/v1"]
    }

    static func nebiusCreates(_ sandbox: RunningSandbox) -> [JSONValue] {
        sandbox.received("POST", pathSuffix: "/nebius/v1/fine_tuning/jobs")
    }

    static func nebiusUploads(_ sandbox: RunningSandbox) -> Int {
        sandbox.received("POST", pathSuffix: "/nebius/v1/files").count
    }

    @Test func anOpenAIJobIsRecreatedOnNebiusWithTheMappingShownAndTheDataUploadedOnce() async throws {
        let (sandbox, b, job, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        // Nebius does not fine-tune gpt-4o-mini: without --model the clone says what to pass, and sends nothing.
        let refused = try await b.ftctl(["jobs", "clone", job, "-y"] + Self.toNebius(sandbox))
        #expect(refused.code == 64)
        #expect(refused.stderr.contains("--model auto") && refused.stderr.contains("meta-llama/Meta-Llama-3.1-8B-Instruct"), "\(refused.stderr)")
        #expect(Self.nebiusUploads(sandbox) == 0 && Self.nebiusCreates(sandbox).isEmpty)

        let r = try await b.ftctl(["jobs", "clone", job, "--model", "auto", "-y", "-o", "json"] + Self.toNebius(sandbox))
        r.expectSuccess()
        let created = try #require(JSONValue.parse(Data(r.stdout.utf8)))
        #expect(created["provider"]?.string == "nebius")
        #expect(r.stderr.contains("arXiv:2412.19260"), "the suggestion's reason: \(r.stderr)")
        #expect(r.stderr.contains("learning_rate_multiplier 2 × nebius's default rate 1e-05 = 2e-05"), "\(r.stderr)")
        let body = try #require(Self.nebiusCreates(sandbox).last?["body"])
        #expect(body["model"]?.string == "meta-llama/Meta-Llama-3.1-8B-Instruct")
        let hyper = try #require(body["method"]?["supervised"]?["hyperparameters"])
        #expect(hyper["n_epochs"]?.int == 3)
        #expect(hyper["learning_rate"]?.double == 0.00002)
        #expect(hyper["learning_rate_multiplier"] == nil, "Nebius has no multiplier: it would be ignored there")
        #expect(body["seed"]?.int == 7 && body["suffix"]?.string == "mig")
        #expect(Self.nebiusUploads(sandbox) == 1)

        // A second clone to the same provider finds the data in the upload cache.
        let again = try await b.ftctl(["jobs", "clone", job, "--model", "auto", "--epochs", "1", "-y", "-q"] + Self.toNebius(sandbox))
        again.expectSuccess()
        #expect(Self.nebiusUploads(sandbox) == 1)
        #expect(Self.nebiusCreates(sandbox).last?["body"]?["method"]?["supervised"]?["hyperparameters"]?["n_epochs"]?.int == 1,
                "a create flag overrides the recorded value")
    }

    /// The judged case: one OpenAI job cloned to Together and to Nebius, each create valid under
    /// the provider's published schema (Together's FinetuneRequest, Nebius's FineTuningRequest),
    /// each dropped field named, the data uploaded once per provider.
    @Test func anOpenAIJobClonedToTogetherAndNebiusGivesValidRequestsAndOneUploadEach() async throws {
        let (sandbox, b, job, journal) = try await Self.setUp(["--epochs", "3", "--learning-rate-multiplier", "2", "--seed", "7",
                                                               "--suffix", "mig", "--metadata", "team=ml", "--batch-size", "8"])
        defer { sandbox.stop(); unlink(journal) }
        let toTogether = ["--to-provider", "together", "--to-base-url", sandbox.root + "/together/v1"]
        for target in [toTogether, Self.toNebius(sandbox)] {
            for _ in 0..<2 {
                let r = try await b.ftctl(["jobs", "clone", job, "--model", "auto", "-y", "-q"] + target)
                r.expectSuccess()
                #expect(r.stderr.contains("dropped: metadata"), "\(target[1]): \(r.stderr)")
            }
        }
        let together = sandbox.received("POST", pathSuffix: "/together/v1/fine-tunes").compactMap { $0["body"] }
        let nebius = Self.nebiusCreates(sandbox).compactMap { $0["body"] }
        #expect(together.count == 2 && nebius.count == 2)
        #expect(try await TogetherTests.violations(together, schema: "FinetuneRequest", b: b) == [])
        #expect(try await SchemaCheckTests.violations(nebius, schema: "FineTuningRequest", spec: SchemaCheckTests.nebiusSpec, strict: true, b: b) == [])
        #expect(together.first?["model"]?.string == "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference")
        #expect(together.first?["learning_rate"]?.double == 0.00002, "2 × Together's default 1e-5: \(together.first ?? .null)")
        #expect(together.first?["n_epochs"]?.int == 3)
        #expect(sandbox.received("POST", pathSuffix: "/together/v1/files").count == 1, "one upload to Together")
        #expect(Self.nebiusUploads(sandbox) == 1, "one upload to Nebius")
    }

    @Test func aDryRunShowsTheTargetsRequestTheDroppedFieldsAndBothEstimates() async throws {
        let (sandbox, b, job, journal) = try await Self.setUp(["--epochs", "auto", "--batch-size", "4", "--metadata", "team=ml"])
        defer { sandbox.stop(); unlink(journal) }
        let r = try await b.ftctl(["jobs", "clone", job, "--model", "auto", "--dry-run", "-o", "json"] + Self.toNebius(sandbox))
        r.expectSuccess()
        let plan = try #require(JSONValue.parse(Data(r.stdout.utf8)))
        #expect(plan["request"]?["url"]?.string?.hasSuffix("/nebius/v1/fine_tuning/jobs") == true)
        let clone = try #require(plan["clone"])
        let dropped = (clone["dropped"]?.array ?? []).compactMap { $0["field"]?.string }
        // "auto" epochs: Nebius takes no "auto"; metadata: Nebius's schema has no such field.
        #expect(dropped.contains("epochs") && dropped.contains("metadata"), "\(clone)")
        #expect(!dropped.contains("batch_size") && (clone["carried"]?.array ?? []).contains("batch_size"))
        #expect(clone["source"]?["estimate_usd"]?.double.map { $0 > 0 } == true, "OpenAI's price is known: \(clone)")
        #expect(plan["files"]?.array?.first?["action"]?.string == "upload")
        #expect(Self.nebiusUploads(sandbox) == 0 && Self.nebiusCreates(sandbox).isEmpty, "a dry run sends nothing")
        #expect(!r.stdout.contains("sk-sandbox"))
    }

    @Test func aJobIsClonedFromAnExportAfterTheSourceAccountIsGone() async throws {
        let (sandbox, b, job, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let dir = b.home + "/export"
        try await b.ftctl(["export", dir, "--job", job]).expectSuccess()
        // No OpenAI key, no OpenAI URL: the record and the data come from the folder. A fresh
        // config folder, so the upload cache cannot name the original file either.
        let gone = ["OPENAI_API_KEY": "", "FTCTL_BASE_URL": "", "XDG_CONFIG_HOME": b.home + "/other-config"]
        let r = try await b.ftctl(["jobs", "clone", job, "--from", dir, "--model", "meta-llama/Llama-3.3-70B-Instruct", "-y", "-q"]
            + Self.toNebius(sandbox), env: gone)
        r.expectSuccess()
        #expect(Self.nebiusCreates(sandbox).last?["body"]?["model"]?.string == "meta-llama/Llama-3.3-70B-Instruct")
        #expect(Self.nebiusUploads(sandbox) == 1)

        // Bad input: a job the export does not hold, and a folder that is not an export.
        let missing = try await b.ftctl(["jobs", "clone", "ftjob-nope", "--from", dir, "--model", "m", "-y"] + Self.toNebius(sandbox), env: gone)
        #expect(missing.code == 5 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let notExport = try await b.ftctl(["jobs", "clone", job, "--from", b.home, "-y"] + Self.toNebius(sandbox), env: gone)
        #expect(notExport.code == 5 && notExport.stderr.contains("not an ftctl export"), "\(notExport.stderr)")
    }

    @Test func aTargetThatCannotTakeTheJobRefusesBeforeAnyUpload() async throws {
        // A DPO job: Nebius trains supervised only.
        let (sandbox, b, job, journal) = try await Self.setUp(["--method", "dpo"])
        defer { sandbox.stop(); unlink(journal) }
        let r = try await b.ftctl(["jobs", "clone", job, "--model", "auto", "-y"] + Self.toNebius(sandbox))
        #expect(r.code == 64 && r.stderr.contains("--method") && r.stderr.contains("supervised"), "\(r.stderr)")
        #expect(Self.nebiusUploads(sandbox) == 0, "refused before any upload")
        // A job id of another provider is not found, in one line.
        let other = try await b.ftctl(["jobs", "clone", "ft-7f3e0c1d-nebius", "--model", "auto", "-y"] + Self.toNebius(sandbox))
        #expect(other.code == 5 && other.stderr.split(separator: "\n").count == 1, "\(other.stderr)")
    }

    @Test func diffNamesTheSettingsAndTheDataThatDiffer() async throws {
        let (sandbox, b, job, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let same = try await b.ftctl(["jobs", "diff", job, job, "--exit-code"])
        #expect(same.code == 0 && same.stdout.contains("same"), "\(same.stdout)")
        let other = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", try b.dataset("other.jsonl", lines: 13),
                                       "--epochs", "4", "--learning-rate-multiplier", "2", "--seed", "7", "--suffix", "mig", "-y", "-q"])
        other.expectSuccess()
        let d = try await b.ftctl(["jobs", "diff", job, other.trimmed, "-o", "json", "--exit-code"])
        #expect(d.code == 1)
        let json = try #require(JSONValue.parse(Data(d.stdout.utf8)))
        let differing = (json["fields"]?.array ?? []).filter { $0["differs"]?.bool == true }.compactMap { $0["name"]?.string }
        #expect(Set(differing) == ["epochs", "training_file.sha256"], "\(differing)")
        // Across providers: the clone on Nebius trained on the same bytes.
        let clone = try await b.ftctl(["jobs", "clone", job, "--model", "auto", "-y", "-q"] + Self.toNebius(sandbox))
        clone.expectSuccess()
        let across = try await b.ftctl(["jobs", "diff", job, clone.trimmed, "--b-provider", "nebius", "--b-base-url", sandbox.root + "/nebius/v1",
                                        "-o", "json"])
        across.expectSuccess()
        let rows = try #require(JSONValue.parse(Data(across.stdout.utf8))?["fields"]?.array)
        let sha = try #require(rows.first { $0["name"]?.string == "training_file.sha256" })
        #expect(sha["differs"]?.bool == false && sha["a"]?.string?.count == 64, "\(sha)")
        #expect(rows.first { $0["name"]?.string == "model" }?["differs"]?.bool == true)
    }
}
