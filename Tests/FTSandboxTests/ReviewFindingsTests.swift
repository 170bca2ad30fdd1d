import FineTuning
import Foundation
import Testing

/// What a new user found trying ftctl and the sandbox, each pinned so it stays fixed.
@Suite("review findings: listing, secrets, sandbox answers")
struct ReviewFindingsTests {
    let wire = CurlTransport(options: .init(timeout: 20))
    let auth: HTTPHeaders = ["Authorization": "Bearer sk-sandbox"]

    @Test func statusAndLimitFillTheLimitFromBeyondTheFirstPage() async throws {
        let sandbox = try await RunningSandbox.start(speed: 0.01)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let data = try b.dataset()
        var cancelled: [String] = []
        // Four cancelled jobs first (the oldest), then 25 still validating on top of them.
        for n in 0..<29 {
            let id = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", data, "-q"]).trimmed
            if n < 4 {
                try await b.ftctl(["jobs", "cancel", id, "-q"]).expectSuccess()
                cancelled.append(id)
            }
        }
        let r = try await b.ftctl(["jobs", "list", "--status", "cancelled", "--limit", "3", "-q"])
        r.expectSuccess()
        // Newest first: the last three cancelled.
        #expect(r.trimmed.split(separator: "\n").map(String.init) == Array(cancelled.suffix(3).reversed()))
        let search = try await b.ftctl(["jobs", "list", "--search", "x"])
        #expect(search.code == 64)
        #expect(search.stderr.contains("cannot search"))
    }

    @Test func verboseNeverShowsIntegrationKeys() async throws {
        let sandbox = try await RunningSandbox.start(speed: 0.01)
        defer { sandbox.stop() }
        // Nebius is the provider whose schema takes these keys (W&B api_key, MLflow password).
        var env = ProviderEndToEndTests.env("nebius", sandbox)
        env["MLFLOW_TRACKING_PASSWORD"] = "mlflow-canary-0123456789"
        env["WANDB_API_KEY"] = "wandb-canary-0123456789"
        let b = Binaries(env)
        let data = try b.dataset()
        let mlflow = "mlflow:tracking_uri=https://m.example,experiment_name=e,run_name=r,certificate_file=c,username=u"
        for extra in [["-v"], ["--dry-run"]] {
            let r = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", data, "--integration", mlflow,
                                       "--integration", "wandb:project=p"] + extra)
            r.expectSuccess()
            for canary in ["mlflow-canary-0123456789", "wandb-canary-0123456789"] {
                #expect(!r.stdout.contains(canary) && !r.stderr.contains(canary), "\(extra) printed \(canary)")
            }
            #expect((r.stdout + r.stderr).contains("\"password\""))
        }
    }

    @Test func fileListsCarryTheirEndsAndPurposesAreChecked() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let path = try b.dataset()
        try await b.ftctl(["files", "upload", path]).expectSuccess()
        let list = try await sandboxRequest(wire, .get, sandbox.v1 + "/files", headers: auth)
        let first = try #require(list.json?["data"]?.array?.first?["id"]?.string)
        #expect(list.json?["first_id"]?.string == first)
        #expect(list.json?["last_id"]?.string == first)
        let bad = try await b.ftctl(["files", "upload", path, "--purpose", "holiday-photos"])
        #expect(bad.code == 1 || bad.code == 69)
        #expect(bad.stderr.contains("purpose"))
        let negative = try await sandboxRequest(wire, .post, sandbox.v1 + "/uploads", headers: auth,
                                                json: ["filename": "a.jsonl", "purpose": "fine-tune", "bytes": -5, "mime_type": "text/jsonl"])
        #expect(negative.status == 400)
        #expect(negative.json?["error"]?["message"]?.string?.contains("0 or more") == true)
    }

    @Test func hostileQueryAndBodyValuesAreAnsweredNotCrashedOn() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let platform: HTTPHeaders = ["X-API-Key": "sk-sandbox"]
        for sort in ["", ":", ":desc", "createdAt:desc", "x:y:z"] {
            let q = sort.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? sort
            let r = try await sandboxRequest(wire, .get, sandbox.root + "/api/v1/fine-tuning/jobs?sort=\(q)", headers: platform)
            #expect(r.status == 200, "sort=\(sort)")
        }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let path = try b.dataset()
        let file = try await b.ftctl(["files", "upload", path, "-q"]).trimmed
        for epochs in [JSONValue.int(Int64.max), .double(1e300), .int(0), .string("many")] {
            let body: JSONValue = ["model": "m", "training_file": .string(file),
                                   "method": ["type": "supervised", "supervised": ["hyperparameters": ["n_epochs": epochs]]]]
            let r = try await sandboxRequest(wire, .post, sandbox.v1 + "/fine_tuning/jobs", headers: auth, json: body)
            #expect(r.status == 400, "n_epochs \(epochs)")
        }
        // The sandbox still answers afterwards.
        #expect(try await sandboxRequest(wire, .get, sandbox.v1 + "/fine_tuning/jobs", headers: auth).status == 200)
    }
}
