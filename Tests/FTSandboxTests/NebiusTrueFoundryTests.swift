import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

/// Nebius's and TrueFoundry's details against the sandbox's surfaces for them.
@Suite("Nebius and TrueFoundry details")
struct NebiusTrueFoundryTests {
    func upload(_ b: Binaries) async throws -> String {
        let up = try await b.ftctl(["files", "upload", try b.dataset(), "-q"])
        up.expectSuccess()
        return up.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `ai_project_id` is a query parameter of create and list only (nebius/tokenfactory-rl
    /// openapi-fine-tuning.yaml; `_jobs.py` sends it from create() and list()).
    @Test func nebiusProjectGoesOnCreateAndListOnly() async throws {
        let journal = SubmissionTests.journalPath()
        defer { unlink(journal) }
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop() }
        var env = ProviderEndToEndTests.env("nebius", sandbox)
        env["NEBIUS_AI_PROJECT_ID"] = "proj-7"
        let b = Binaries(env)
        let file = try await upload(b)
        let created = try await b.ftctl(["jobs", "create", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--training-file", file, "-y", "-q"])
        created.expectSuccess()
        let create = try #require(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last)
        #expect(create["query"] == "ai_project_id=proj-7")
        #expect(sandbox.received("POST", pathSuffix: "/files").first?["query"] == "", "files take no project")
        let list = try await b.ftctl(["-v", "jobs", "list", "-q"])
        list.expectSuccess()
        #expect(list.stderr.contains("ai_project_id=proj-7"), "\(list.stderr)")
        let get = try await b.ftctl(["-v", "jobs", "get", created.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "-q"])
        get.expectSuccess()
        #expect(!get.stderr.contains("ai_project_id"), "get takes no project: \(get.stderr)")
        // The flag wins over the environment.
        try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, "--ai-project-id", "proj-8", "-y", "-q"]).expectSuccess()
        #expect(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last?["query"] == "ai_project_id=proj-8")
    }

    /// The list's items carry `result_files`; one checkpoint by id has none (the two schemas of
    /// nebius/tokenfactory-rl openapi-fine-tuning.yaml differ there).
    @Test func nebiusCheckpointByIDAndItsResultFiles() async throws {
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("nebius", sandbox))
        let file = try await upload(b)
        let job = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, "--epochs", "1", "-y", "-q"])
        job.expectSuccess()
        let id = job.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try await b.ftctl(["jobs", "wait", id, "--interval", "0.2s", "--wait-timeout", "60s", "-q"]).expectSuccess()
        // The old spelling still lists.
        let listed = try await b.ftctl(["jobs", "checkpoints", id, "-o", "json"])
        listed.expectSuccess()
        let items = try #require(JSONValue.parse(Data(listed.stdout.utf8))?.array)
        let first = try #require(items.first)
        #expect(first["result_files"]?.array?.isEmpty == false)
        let ckpt = try #require(first["id"]?.string)
        let one = try await b.ftctl(["jobs", "checkpoints", "get", id, ckpt, "-o", "json"])
        one.expectSuccess()
        let got = try #require(JSONValue.parse(Data(one.stdout.utf8)))
        #expect(got["id"]?.string == ckpt)
        #expect(got["result_files"] == nil)
        // Every result file a checkpoint lists is served: its metrics up to that step.
        for item in items {
            let step = try #require(item["step"]?.int)
            for name in item["result_files"]?.array?.compactMap(\.string) ?? [] {
                let content = try await b.ftctl(["files", "download", name])
                #expect(content.code == 0, "\(name): \(content.stderr)")
                #expect(content.stdout.hasPrefix("step,train_loss") && content.stdout.split(separator: "\n").count == step + 1, "\(name)")
            }
        }
        // OpenAI documents no such call: refused before sending.
        let openai = try await Binaries(ProviderEndToEndTests.env("openai", sandbox)).ftctl(["jobs", "checkpoints", "get", id, ckpt])
        #expect(openai.code == 6 && openai.stderr.contains("get checkpoint"), "\(openai.stderr)")
    }

    /// FastAPI's 422 (HTTPValidationError); the wording is Pydantic v2's (synthetic: no real Nebius
    /// 422 body was found). The client shows each msg with its loc.
    @Test func nebiusAnswersInvalidCreatesWithFastAPI422s() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("nebius", sandbox))
        let file = try await upload(b)
        let wire = CurlTransport()
        let r = try await sandboxRequest(wire, .post, sandbox.root + "/nebius/v1/fine_tuning/jobs", headers: ["Authorization": "Bearer sk-sandbox"],
                                         json: ["model": "m", "training_file": .string(file), "hyperparameters": ["lora_r": 4, "n_epochs": "auto"]])
        #expect(r.status == 422)
        let detail = try #require(JSONValue.parse(r.body)?["detail"]?.array)
        #expect(detail.first == ["type": "greater_than_equal", "loc": ["body", "hyperparameters", "lora_r"],
                                 "msg": "Input should be greater than or equal to 8", "input": 4, "ctx": ["ge": 8]])
        #expect(detail.last?["type"] == "int_parsing")
        // Through ftctl (the range refused here is passed with --set, unchecked): msg with its loc.
        let viaCLI = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, "--set", "hyperparameters.lora_r=4", "-y"])
        #expect(viaCLI.code != 0)
        #expect(viaCLI.stderr.contains("hyperparameters.lora_r: Input should be greater than or equal to 8"), "\(viaCLI.stderr)")
        // ftctl's own check knows Nebius's range.
        let local = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, "--lora-r", "4", "-y"])
        #expect(local.code == 64 && local.stderr.contains("8 to 128"), "\(local.stderr)")
    }

    /// TrueFoundry's reference lists queued, running, succeeded, failed, cancelled: a job that
    /// OpenAI would show as validating_files reads queued there.
    @Test func truefoundryNeverReportsValidatingFiles() async throws {
        let sandbox = try await RunningSandbox.start(speed: 0.001)
        defer { sandbox.stop() }
        for (provider, word) in [("truefoundry", "queued"), ("openai", "validating_files")] {
            let b = Binaries(ProviderEndToEndTests.env(provider, sandbox))
            let file = try await upload(b)
            let id = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, "-y", "-q"])
            id.expectSuccess()
            let raw = try await b.ftctl(["jobs", "get", id.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--raw", "-o", "json"])
            #expect(JSONValue.parse(Data(raw.stdout.utf8))?["status"]?.string == word, "\(provider): \(raw.stdout.prefix(300))")
        }
    }

    /// The list's `metadata` filter is applied by TrueFoundry's server (its API reference's
    /// `GET /fine_tuning/jobs` query `metadata`), sent as OpenAI's `metadata[k]=v`.
    @Test func truefoundryFiltersByMetadataOnTheServer() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("truefoundry", sandbox))
        let file = try await upload(b)
        var ids: [String] = []
        for team in ["a", "b"] {
            let r = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, "--metadata", "team=\(team)", "-y", "-q"])
            r.expectSuccess()
            ids.append(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let list = try await b.ftctl(["-v", "jobs", "list", "--metadata", "team=a", "-q"])
        list.expectSuccess()
        #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ids[0])
        #expect(list.stderr.contains("metadata%5Bteam%5D=a") || list.stderr.contains("metadata[team]=a"), "\(list.stderr)")
    }
}
