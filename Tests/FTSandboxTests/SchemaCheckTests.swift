import FTCore
import FTTestSupport
import Foundation
import Testing

/// The create bodies ftctl sends, checked against the providers' published schemas. OpenAI's:
/// `CreateFineTuningJobRequest` in /work/shared/refs/api/openai-openapi.yaml (extracted from
/// openai/openai-openapi at commit f85dbe223d40e1a31cba812ab2d755c7e98a92a3); Nebius's:
/// `FineTuningRequest` in Tests/Schemas/nebius-fine-tuning-request.yaml (its source and date are
/// in the file). Validated by the Python `jsonschema` package in the FTCTL_TEST_PYTHON venv
/// (`make venv` installs it). Portkey's routes to bedrock, fireworks-ai and vertex-ai are checked
/// by the sandbox's gateway instead, on the body it sends upstream (PortkeyUpstreamTests).
@Suite("request bodies against the published schemas")
struct SchemaCheckTests {
    static let openAISpec = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/refs/api/openai-openapi.yaml").standardized.path
    /// Nebius's published FineTuningRequest, held in the repository with its source and date.
    static let nebiusSpec = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Schemas/nebius-fine-tuning-request.yaml").standardized.path

    /// Reads a JSON list of bodies on stdin and prints one line per violation. The spec writes
    /// ranges in OpenAPI 3.0 style (`exclusiveMinimum: true` beside `minimum`) though it says 3.1,
    /// so those are rewritten to 3.1 numbers first. Objects that name their properties are closed
    /// (`additionalProperties: false` where the spec says nothing), so a key the schema does not
    /// have, such as `wandb.api_key`, is reported too. With a third argument `strict`, objects the
    /// schema leaves open (`additionalProperties: true`, Nebius's body and hyperparameters) are
    /// closed too: a key Nebius does not name is ignored by it without a word, so it is a mistake here.
    /// Where a spec gives a property both `type: boolean` and a `oneOf` of boolean or "auto"
    /// (Together's `train_on_inputs`), the `oneOf` is kept: it is what the description says.
    static let validator = #"""
    import json, sys, yaml, jsonschema
    spec = yaml.safe_load(open(sys.argv[1]))
    strict = len(sys.argv) > 3 and sys.argv[3] == "strict"
    def fix(s):
        if isinstance(s, dict):
            if strict and s.get("additionalProperties") is True and "properties" in s:
                s["additionalProperties"] = False
            if s.get("exclusiveMinimum") is True and "minimum" in s:
                s["exclusiveMinimum"] = s.pop("minimum")
            if s.get("exclusiveMaximum") is True and "maximum" in s:
                s["exclusiveMaximum"] = s.pop("maximum")
            if "oneOf" in s and s.get("type") == "boolean":
                s.pop("type")
            if s.get("type") == "object" and "properties" in s and "additionalProperties" not in s:
                s["additionalProperties"] = False
            for v in s.values(): fix(v)
        elif isinstance(s, list):
            for v in s: fix(v)
    fix(spec["components"])
    schema = {"$ref": "#/components/schemas/" + sys.argv[2], "components": spec["components"]}
    v = jsonschema.Draft202012Validator(schema)
    for i, body in enumerate(json.load(sys.stdin)):
        for e in v.iter_errors(body):
            print(i, "/".join(str(p) for p in e.absolute_path), e.message[:200])
    """#

    /// `spec`: an OpenAPI document with `components.schemas` (OpenAI's by default).
    static func violations(_ bodies: [JSONValue], schema: String, spec: String = openAISpec, strict: Bool = false,
                           b: Binaries) async throws -> [String] {
        let python = ProcessInfo.processInfo.environment["FTCTL_TEST_PYTHON"] ?? "python3"
        let input = b.home + "/bodies-\(UUID().uuidString).json"
        try JSONValue.array(bodies).serialized().write(toFile: input, atomically: true, encoding: .utf8)
        let r = try await b.run("/bin/sh", ["-c", "\"$0\" -c \"$1\" \"$2\" \"$3\" \"$4\" < \"$5\"", python, validator, spec, schema,
                                            strict ? "strict" : "open", input])
        #expect(r.code == 0, "the validator failed (is jsonschema in FTCTL_TEST_PYTHON?): \(r.stderr.suffix(1500))")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func openAICreateBodiesMatchCreateFineTuningJobRequest() async throws {
        let (sandbox, b, file, journal) = try await OpenAIMethodTests.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let grader = b.home + "/grader.json"
        try OpenAIMethodTests.grader.serialized().write(toFile: grader, atomically: true, encoding: .utf8)
        let base = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "-y", "-q"]
        let runs: [[String]] = [
            ["--epochs", "3", "--batch-size", "256", "--learning-rate-multiplier", "auto", "--seed", "0", "--suffix", "s",
             "--metadata", "team=ml", "--validation-file", file],
            ["--method", "dpo", "--beta", "2", "--epochs", "auto"],
            ["--method", "reinforcement", "--grader", grader, "--reasoning-effort", "high", "--compute-multiplier", "10",
             "--eval-interval", "auto", "--eval-samples", "7"],
            ["--integration", "wandb:project=p,entity=e,name=n,tags=a;b"],
        ]
        for extra in runs {
            try await b.ftctl(base + extra, env: ["WANDB_API_KEY": "wandb-key-not-for-openai"]).expectSuccess()
        }
        let bodies = sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").compactMap { $0["body"] }
        #expect(bodies.count == runs.count)
        #expect(try await Self.violations(bodies, schema: "CreateFineTuningJobRequest", b: b) == [])
        // The check sees what it should: OpenAI's old reading (an api_key, a batch of 1024) is a violation.
        var bad = try #require(bodies.last?.object)
        bad["integrations"] = [["type": "wandb", "wandb": ["project": "p", "api_key": "k"]]]
        bad["method"] = ["type": "supervised", "supervised": ["hyperparameters": ["batch_size": 1024]]]
        let found = try await Self.violations([.object(bad)], schema: "CreateFineTuningJobRequest", b: b)
        #expect(found.contains { $0.contains("api_key") }, "\(found)")
        #expect(found.contains { $0.contains("batch_size") }, "\(found)")
    }

    /// Portkey to OpenAI passes the body on (src/providers/openai/createFinetune.ts keeps model,
    /// suffix, hyperparameters, training_file, validation_file, integrations, seed, method), so
    /// what ftctl sends is held to OpenAI's schema. Portkey's own openapi.yaml (Portkey-AI/openapi,
    /// OpenAIFinetuneJob) is not used: it requires suffix, method and all three hyperparameters
    /// and knows no reinforcement, none of which its gateway enforces (Docs/PROVIDERS.md).
    @Test func portkeyToOpenAICreateBodiesMatchOpenAIsSchema() async throws {
        let (sandbox, b, file, journal) = try await OpenAIMethodTests.setUp("portkey")
        defer { sandbox.stop(); unlink(journal) }
        let grader = b.home + "/grader.json"
        try OpenAIMethodTests.grader.serialized().write(toFile: grader, atomically: true, encoding: .utf8)
        let base = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "-y", "-q"]
        for extra in [["--epochs", "3", "--batch-size", "8", "--suffix", "s"], ["--method", "dpo", "--beta", "0.5"],
                      ["--method", "reinforcement", "--grader", grader, "--reasoning-effort", "low"]] {
            try await b.ftctl(base + extra).expectSuccess()
        }
        let bodies = sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").compactMap { $0["body"] }
        #expect(bodies.count == 3)
        #expect(try await Self.violations(bodies, schema: "CreateFineTuningJobRequest", b: b) == [])
    }

    /// TrueFoundry's reference gives no inner schema for `method` or `hyperparameters` (untyped
    /// objects) and proxies OpenAI, so its bodies, top-level hyperparameters included, are held to
    /// OpenAI's schema.
    @Test func truefoundryCreateBodiesMatchOpenAIsSchema() async throws {
        let (sandbox, b, file, journal) = try await OpenAIMethodTests.setUp("truefoundry")
        defer { sandbox.stop(); unlink(journal) }
        try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "--epochs", "2", "--batch-size", "8",
                           "--learning-rate-multiplier", "0.5", "-y", "-q"]).expectSuccess()
        try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "--method", "dpo", "--beta", "0.2",
                           "-y", "-q"]).expectSuccess()
        let bodies = sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").compactMap { $0["body"] }
        #expect(bodies.count == 2)
        #expect(bodies.first?["hyperparameters"] == ["n_epochs": 2, "batch_size": 8, "learning_rate_multiplier": 0.5])
        #expect(try await Self.violations(bodies, schema: "CreateFineTuningJobRequest", b: b) == [])
    }

    /// Nebius's create bodies at the ends of its ranges, with every integration kind, pass the
    /// sandbox's Nebius surface and Nebius's published FineTuningRequest (Tests/Schemas, from
    /// https://api.tokenfactory.nebius.com/openapi.json via nebius/tokenfactory-rl).
    @Test func nebiusCreateBodiesPassItsSchemasChecks() async throws {
        let (sandbox, b, file, journal) = try await OpenAIMethodTests.setUp("nebius")
        defer { sandbox.stop(); unlink(journal) }
        let env = ["WANDB_API_KEY": "w", "HF_TOKEN": "h", "MLFLOW_TRACKING_PASSWORD": "m"]
        let runs: [[String]] = [
            ["--epochs", "20", "--batch-size", "64", "--learning-rate", "0.0001", "--warmup-ratio", "1", "--weight-decay", "0",
             "--max-grad-norm", "0.5", "--context-length", "131072", "--lora", "--lora-r", "128", "--lora-alpha", "8",
             "--lora-dropout", "0", "--seed", "7", "--suffix", "s", "--tag", "t"],
            ["--epochs", "1", "--batch-size", "1", "--context-length", "8192", "--lora-r", "8",
             "--integration", "wandb:project=p", "--integration", "hf:output_repo_name=org/out",
             "--integration", "mlflow:tracking_uri=https://m,experiment_name=e,run_name=r,certificate_file=c,username=u",
             "--from-checkpoint", "hf:org/base@main"],
        ]
        for extra in runs {
            let r = try await b.ftctl(["jobs", "create", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--training-file", file, "-y", "-q"] + extra,
                                      env: env)
            #expect(r.code == 0, "\(extra.prefix(4)): \(r.stderr)")
        }
        let bodies = sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").compactMap { $0["body"] }
        #expect(bodies.count == runs.count)
        #expect(try await Self.violations(bodies, schema: "FineTuningRequest", spec: Self.nebiusSpec, strict: true, b: b) == [])
        // The check sees what it should: OpenAI's multiplier, a bare-string tag list, an out-of-range rank.
        var bad = try #require(bodies.first?.object)
        bad["hyperparameters"] = ["learning_rate_multiplier": 2, "lora_r": 4]
        bad["tags"] = "my-ft-job"
        let found = try await Self.violations([.object(bad)], schema: "FineTuningRequest", spec: Self.nebiusSpec, strict: true, b: b)
        for key in ["learning_rate_multiplier", "lora_r", "tags"] { #expect(found.contains { $0.contains(key) }, "\(key): \(found)") }
        // One past each end is refused here, before sending.
        for (flag, value) in [("--epochs", "21"), ("--batch-size", "65"), ("--context-length", "8191"), ("--lora-r", "129")] {
            let r = try await b.ftctl(["jobs", "create", "--model", "m", "--training-file", file, flag, value, "-y"])
            #expect(r.code == 64 && r.stderr.contains(flag), "\(flag) \(value): \(r.stderr)")
        }
        #expect(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").count == runs.count)
    }
}
