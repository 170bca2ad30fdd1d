import FTCore
import FTProviders
import Foundation
import Testing

/// TrueFoundry's and Nebius's details, and which integrations each schema has, at the request level.
@Suite("provider details: TrueFoundry, Nebius, integrations")
struct ProviderDetailsTests {
    typealias Snap = CreateRequestSnapshotTests

    /// TrueFoundry's guide (https://truefoundry.com/docs/ai-gateway/finetune) sets the top-level
    /// `hyperparameters`; its API reference, like OpenAI's, keeps `method` and calls the top-level
    /// object deprecated. Both are sent, so neither reading loses the setting.
    @Test func truefoundrySendsHyperparametersAtTheTopAndUnderMethod() throws {
        let r = try Snap.request("truefoundry", Snap.spec(), env: ["TFY_PROVIDER_NAME": "openai-main"])
        let body = try #require(JSONValue.parse(r.body.inMemoryData ?? Data()))
        #expect(body["hyperparameters"] == ["n_epochs": 3, "batch_size": 8])
        #expect(body["method"]?["supervised"]?["hyperparameters"] == ["n_epochs": 3, "batch_size": 8])
        // x-tfy-provider-name is documented on fine-tuning calls too, not only files.
        #expect(r.headers["x-tfy-provider-name"] == "openai-main")
        // OpenAI keeps only `method`.
        let o = try #require(JSONValue.parse(try Snap.request("openai", Snap.spec()).body.inMemoryData ?? Data()))
        #expect(o["hyperparameters"] == nil)
    }

    /// "keys and values must be strings, with a maximum value length of 128 characters"
    /// (https://www.truefoundry.com/docs/ai-gateway/request-headers.md).
    @Test(arguments: [#"{"team":"\#(String(repeating: "x", count: 129))"}"#, #"{"n":1}"#])
    func truefoundryMetadataValuesAreShortStrings(_ meta: String) throws {
        let e = #expect(throws: FTError.self) { try Snap.request("truefoundry", Snap.spec(), env: ["TFY_METADATA": meta]) }
        #expect(e?.code == .usage)
        #expect(throws: Never.self) {
            try Snap.request("truefoundry", Snap.spec(), env: ["TFY_METADATA": #"{"team":"\#(String(repeating: "x", count: 128))"}"#])
        }
    }

    /// TrueFoundry's reference never lists `validating_files`, but the OpenAI it proxies sends it:
    /// the client reads it (and any unknown word) as it comes.
    @Test func truefoundryJobsReadValidatingFilesAndUnknownWords() throws {
        let p = try ProviderFactory.make(try Snap.settings("truefoundry"))
        for (word, status) in [("validating_files", JobStatus.validatingFiles), ("queued", .queued)] {
            let body = Data(#"{"id":"ftjob-1","object":"fine_tuning.job","status":"\#(word)","model":"m","created_at":1721764800,"training_file":"file-1"}"#.utf8)
            let job = try p.getJob("ftjob-1").decode(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body))
            #expect(job.status == status)
        }
    }

    /// A grader nests one level: `multi.graders` is one of five kinds, not a multi (openapi.yaml GraderMulti).
    @Test func aMultiGraderCannotNestAnother() {
        let inner: JSONValue = ["type": "multi", "name": "i", "calculate_output": "x",
                                "graders": ["type": "python", "name": "p", "source": "def grade(s, i): return 1"]]
        let outer: JSONValue = ["type": "multi", "name": "o", "calculate_output": "x", "graders": inner]
        let e = #expect(throws: FTError.self) { try GraderSchema.check(outer, source: "--grader") }
        #expect(e?.why.contains("'multi' is not one of") == true)
        #expect(throws: Never.self) { try GraderSchema.check(inner, source: "--grader") }
    }

    /// OpenAI's wandb integration has project, name, entity and tags, no api_key (openapi.yaml
    /// oa:35001, FineTuningIntegration oa:40189); Nebius's requires api_key and has mlflow and hf
    /// (nebius/tokenfactory-rl openapi-fine-tuning.yaml).
    @Test func integrationsCarryOnlyWhatEachSchemaHas() throws {
        let env = ["WANDB_API_KEY": "wandb-secret", "HF_TOKEN": "hf-secret", "MLFLOW_TRACKING_PASSWORD": "ml-secret"]
        var s = Snap.spec()
        s[.integrations] = .array([try Integration.parse("wandb:project=p,entity=e", environment: env)])
        let openai = try #require(JSONValue.parse(try Snap.request("openai", s).body.inMemoryData ?? Data()))
        #expect(openai["integrations"] == [["type": "wandb", "wandb": ["project": "p", "entity": "e"]]])
        #expect(JobSpecRules.notes(s, for: .openai) == [
            "WANDB_API_KEY is not sent: openai's wandb integration has no api_key (OpenAI uses the W&B key registered for the organization)",
        ])
        s[.epochs] = nil
        let nebius = try #require(JSONValue.parse(try Snap.request("nebius", s).body.inMemoryData ?? Data()))
        #expect(nebius["integrations"]?.lookup(path: "0.wandb.api_key") == "wandb-secret")
        #expect(JobSpecRules.notes(s, for: .nebius).isEmpty)

        var mlflow = Snap.spec()
        mlflow[.integrations] = .array([try Integration.parse("mlflow:tracking_uri=https://m,experiment_name=e,run_name=r,certificate_file=c,username=u", environment: env)])
        let refused = #expect(throws: FTError.self) { try Snap.request("openai", mlflow) }
        #expect(refused?.why == "openai has no 'mlflow' integration")
        let nm = try #require(JSONValue.parse(try Snap.request("nebius", mlflow).body.inMemoryData ?? Data()))
        #expect(nm["integrations"]?.lookup(path: "0.mlflow.password") == "ml-secret")

        var hf = Snap.spec()
        hf[.integrations] = .array([try Integration.parse("hf:output_repo_name=org/out", environment: env)])
        let nh = try #require(JSONValue.parse(try Snap.request("nebius", hf).body.inMemoryData ?? Data()))
        #expect(nh["integrations"] == [["type": "hf", "hf": ["output_repo_name": "org/out", "api_token": "hf-secret"]]])
        #expect(Redactor().redact(json: nh).lookup(path: "integrations.0.hf.api_token") == "[REDACTED]")
        // Nebius requires the W&B key: without WANDB_API_KEY it is refused before sending.
        var noKey = Snap.spec()
        noKey[.integrations] = .array([try Integration.parse("wandb:project=p", environment: [:])])
        let missing = #expect(throws: FTError.self) { try Snap.request("nebius", noKey) }
        #expect(missing?.why.contains("WANDB_API_KEY") == true)
    }
}
