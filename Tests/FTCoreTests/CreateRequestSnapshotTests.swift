import FTCore
import FTProviders
import Foundation
import Testing

/// The request each provider gets for the same `jobs create` flags: field names, nesting and
/// header names exactly as each provider documents them.
@Suite("create request per provider")
struct CreateRequestSnapshotTests {
    static func spec() -> JobSpec {
        var s = JobSpec(model: "base-model", trainingFile: "file-train")
        s.validationFile = "file-valid"
        s[.epochs] = 3
        s[.batchSize] = 8
        s[.suffix] = "acme-v1"
        s[.seed] = 42
        return s
    }

    static func settings(_ provider: String, _ extra: [String: String] = [:]) throws -> Settings {
        var env = ["FTCTL_PROVIDER": provider, "FTCTL_BASE_URL": "https://api.example.com" + (["openai", "portkey", "nebius"].contains(provider) ? "/v1" : "")]
        for (k, v) in extra { env[k] = v }
        return try SettingsResolver(options: GlobalOptions(), environment: env, configPath: "/nonexistent").resolve(config: ConfigFile())
    }

    static func request(_ provider: String, _ spec: JobSpec, env: [String: String] = [:]) throws -> HTTPRequest {
        let p = try ProviderFactory.make(try settings(provider, env))
        let client = FTClient(provider: p, transport: NoTransport(), apiKey: "KEY", extraHeaders: [:])
        return client.preview(try p.createJob(spec).request)
    }

    @Test func openai() throws {
        var s = Self.spec()
        s[.learningRateMultiplier] = 1.5
        s[.metadata] = ["team": "ml"]
        let r = try Self.request("openai", s)
        #expect(r.method == .post)
        #expect(r.url == "https://api.example.com/v1/fine_tuning/jobs")
        #expect(r.headers["Authorization"] == "Bearer KEY")
        #expect(r.headers["Content-Type"] == "application/json")
        #expect(JSONValue.parse(r.body.inMemoryData ?? Data()) == JSONValue.parse(Data(
            #"{"model":"base-model","training_file":"file-train","validation_file":"file-valid","suffix":"acme-v1","seed":42,"metadata":{"team":"ml"},"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":3,"batch_size":8,"learning_rate_multiplier":1.5}}}}"#.utf8)))
    }

    @Test func portkeyAddsItsHeadersAndTheShorterSuffix() throws {
        let r = try Self.request("portkey", Self.spec(), env: ["PORTKEY_PROVIDER": "@openai-prod", "PORTKEY_CONFIG": "pc-1"])
        #expect(r.headers["x-portkey-api-key"] == "KEY")
        #expect(r.headers["x-portkey-provider"] == "@openai-prod")
        #expect(r.headers["x-portkey-config"] == "pc-1")
        #expect(r.headers["Authorization"] == nil)
        var long = Self.spec()
        long[.suffix] = .string(String(repeating: "s", count: 19))
        let e = #expect(throws: FTError.self) { try Self.request("portkey", long, env: ["PORTKEY_PROVIDER": "openai"]) }
        #expect(e?.what == "--suffix")
        #expect(e?.why.contains("at most 18") == true)
    }

    @Test func nebiusSendsEveryHyperparameterTwiceAndItsExtras() throws {
        var s = Self.spec()
        s[.learningRate] = 0.00001
        s[.warmupRatio] = 0.1
        s[.weightDecay] = 0.01
        s[.packing] = true
        s[.maxGradNorm] = 1
        s[.contextLength] = 8192
        s[.lora] = true
        s[.loraR] = 16
        s[.loraAlpha] = 32
        s[.loraDropout] = 0.05
        s[.tags] = ["exp-7"]
        s[.fromCheckpoint] = ["repo": "org/model", "type": "hf", "revision": "main", "token": "hf_secret"]
        s[.integrations] = [["type": "wandb", "wandb": ["project": "p", "api_key": "wandb-secret"]]]
        let r = try Self.request("nebius", s)
        #expect(r.url == "https://api.example.com/v1/fine_tuning/jobs")
        let body = try #require(JSONValue.parse(r.body.inMemoryData ?? Data()))
        let hp: JSONValue = ["n_epochs": 3, "batch_size": 8, "learning_rate": 0.00001, "warmup_ratio": 0.1, "weight_decay": 0.01,
                             "packing": true, "max_grad_norm": 1.0, "context_length": 8192, "lora": true, "lora_r": 16, "lora_alpha": 32,
                             "lora_dropout": 0.05]
        #expect(body["hyperparameters"] == hp)
        #expect(body["method"]?["supervised"]?["hyperparameters"] == hp)
        #expect(body["method"]?["type"] == "supervised")
        #expect(body["tags"] == ["exp-7"])
        #expect(body["from_checkpoint"]?["repo"] == "org/model")
        #expect(body["integrations"]?.lookup(path: "0.wandb.project") == "p")
        // The dry-run view masks the checkpoint token and the W&B key.
        let shown = Redactor().redact(json: body)
        #expect(shown.lookup(path: "from_checkpoint.token") == "[REDACTED]")
        #expect(shown.lookup(path: "integrations.0.wandb.api_key") == "[REDACTED]")
        var meta = Self.spec()
        meta[.metadata] = ["a": "b"]
        #expect(throws: FTError.self) { try Self.request("nebius", meta) }
    }

    @Test func truefoundryUsesItsRootAndHeaders() throws {
        let r = try Self.request("truefoundry", Self.spec(), env: ["TFY_METADATA": #"{"team":"ml"}"#])
        #expect(r.url == "https://api.example.com/api/llm/fine_tuning/jobs")
        #expect(r.headers["Authorization"] == "Bearer KEY")
        #expect(r.headers["x-tfy-metadata"] == #"{"team":"ml"}"#)
        let body = try #require(JSONValue.parse(r.body.inMemoryData ?? Data()))
        #expect(body["method"]?["supervised"]?["hyperparameters"] == ["n_epochs": 3, "batch_size": 8])
        // A base URL that already ends in /api/llm is used as is.
        let p = try ProviderFactory.make(try Self.settings("truefoundry", ["FTCTL_BASE_URL": "https://t.example/api/llm/"]))
        #expect(try p.getJob("j").request.url == "https://t.example/api/llm/fine_tuning/jobs/j")
    }

    @Test func genericV1IsCamelCase() throws {
        var s = Self.spec()
        s[.name] = "Support"
        s[.description] = "d"
        s[.learningRate] = 0.0002
        s[.warmupSteps] = 100
        s[.seed] = nil
        let r = try Self.request("generic-v1", s)
        #expect(r.url == "https://api.example.com/api/v1/fine-tuning/jobs")
        #expect(r.headers["X-API-Key"] == "KEY")
        #expect(JSONValue.parse(r.body.inMemoryData ?? Data()) == JSONValue.parse(Data(
            #"{"name":"Support","baseModel":"base-model","trainingDataset":"file-train","description":"d","validationFile":"file-valid","hyperparameters":{"epochs":3,"batchSize":8,"learningRate":0.0002,"warmupSteps":100},"suffix":"acme-v1"}"#.utf8)))
        let e = #expect(throws: FTError.self) { try Self.request("generic-v1", Self.spec()) }
        #expect(e?.what == "--name")
    }

    /// togethercomputer/openapi `openapi.yaml` @090263a, `POST /fine-tunes`: a flat body.
    @Test func togetherIsFlatWithItsTypeAndMethodObjects() throws {
        var s = Self.spec()
        s[.learningRate] = 0.0001
        s[.loraR] = 8
        s[.nEvals] = 2
        let r = try Self.request("together", s)
        #expect(r.url == "https://api.example.com/fine-tunes")
        #expect(r.headers["Authorization"] == "Bearer KEY")
        #expect(JSONValue.parse(r.body.inMemoryData ?? Data()) == JSONValue.parse(Data(
            #"{"model":"base-model","training_file":"file-train","validation_file":"file-valid","suffix":"acme-v1","random_seed":42,"n_epochs":3,"batch_size":8,"learning_rate":0.0001,"training_type":{"type":"Lora","lora_r":8,"lora_alpha":16},"n_evals":2}"#.utf8)))
    }

    @Test(arguments: [("--seed", -1), ("--epochs", 0), ("--batch-size", 0), ("--batch-size", 257)])
    func rangesAreCheckedBeforeAnyRequest(flag: String, value: Int) throws {
        var s = Self.spec()
        switch flag {
        case "--seed": s[.seed] = .int(Int64(value))
        case "--epochs": s[.epochs] = .int(Int64(value))
        default: s[.batchSize] = .int(Int64(value))
        }
        let e = #expect(throws: FTError.self) { try Self.request("openai", s) }
        #expect(e?.what == flag)
        #expect(e?.code == .usage)
    }
}

/// A transport for tests that must not send anything.
struct NoTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        Issue.record("unexpected request \(request.url)")
        throw FTError(.internalError, what: "test", why: "no transport")
    }
}
