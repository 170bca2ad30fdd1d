import FTSandbox
import FineTuning
import Foundation
import Testing

/// A canary key, token and password run through every kind of command — verbose, dry runs,
/// failing requests, usage errors — must never appear in anything ftctl prints.
@Suite("secrets never printed")
struct CanaryTests {
    static let key = "sk-canary-7f3a9c1e5b2d4f60"
    static let wandb = "wandb-canary-0c8e2a4f6b1d3e57"
    static let hf = "hf_canary_5d7e9a1c3b5f7d90"
    static let mlflow = "mlflow-canary-2b4d6f8a0c1e3a5c"

    @Test func noCanaryInAnyOutput() async throws {
        let sandbox = try await RunningSandbox.start(apiKey: Self.key)
        defer { sandbox.stop() }
        let home = NSTemporaryDirectory() + "ftctl-canary-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = ["OPENAI_API_KEY": Self.key, "NEBIUS_API_KEY": Self.key, "WANDB_API_KEY": Self.wandb, "HF_TOKEN": Self.hf,
                   "MLFLOW_TRACKING_PASSWORD": Self.mlflow, "HOME": home, "XDG_CONFIG_HOME": home + "/config"]
        let ftctl = InProcessFtctl(environment: env)
        let train = home + "/train.jsonl"
        try FaultSoakTests.dataset(lines: 12).write(toFile: train, atomically: true, encoding: .utf8)
        let base = ["--base-url", sandbox.v1]
        let nebiusBase = ["--base-url", sandbox.root + "/nebius/v1"]
        let upload = await ftctl.run(["files", "upload", train, "-o", "json"] + base)
        let file = try #require(upload.json?["id"]?.string, "\(upload.stderr)")
        let create = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "-y", "--integration", "wandb:project=p"]
        // MLflow exists on Nebius only, with its password from the environment.
        let mlflow = ["--integration", "mlflow:tracking_uri=https://m.example,experiment_name=e,run_name=r,certificate_file=c,username=u",
                      "--integration", "wandb:project=p"]
        let runs: [[String]] = [
            ["-v", "jobs", "list"] + base,
            ["-v", "jobs", "get", "ftjob-missing"] + base,
            ["-v"] + create + ["--dry-run"] + base,
            create + ["--dry-run", "-o", "json"] + base,
            ["-v"] + create + base,
            ["-v", "--provider", "nebius", "jobs", "create", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--training-file", file,
             "--from-checkpoint", "hf:org/repo@main", "-y", "--dry-run"] + mlflow + base,
            ["-v", "--provider", "nebius", "jobs", "create", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--training-file", file,
             "--from-checkpoint", "hf:org/repo@main", "-y"] + mlflow + nebiusBase,
            ["-v", "files", "upload", train, "--force"] + base,
            ["-v", "files", "list"] + base,
            ["config", "current"],
            ["-v", "jobs", "list", "--base-url", "http://127.0.0.1:9/v1", "--max-retries", "1"],
            ["-v", "jobs", "list", "--base-url", "http://user:\(Self.key)@127.0.0.1:\(sandbox.port)/v1"],
            ["-v", "jobs", "list", "--base-url", "http://remote.invalid/v1"],
            ["jobs", "list", "--bogus-flag", Self.key] + base,
            ["-v", "-H", "Authorization: Bearer \(Self.key)", "jobs", "list"] + base,
        ]
        for args in runs {
            let r = await ftctl.run(args)
            for secret in [Self.key, Self.wandb, Self.hf, Self.mlflow] {
                #expect(!r.stdout.contains(secret), "stdout of \(args.prefix(4)) shows a secret: \(r.stdout.prefix(400))")
                #expect(!r.stderr.contains(secret), "stderr of \(args.prefix(4)) shows a secret: \(r.stderr.prefix(400))")
            }
        }
        // A wrong key: the failure is reported, the key not shown.
        let wrong = await ftctl.run(["-v", "jobs", "list"] + base, env: ["OPENAI_API_KEY": "sk-canary-wrong-5e6f7a8b9c"])
        #expect(wrong.code == 77)
        #expect(!wrong.stderr.contains("sk-canary-wrong-5e6f7a8b9c"))
    }

    @Test func credentialsOverPlainHTTPToARemoteHostAreRefusedWith78() async throws {
        let ftctl = InProcessFtctl(environment: ["OPENAI_API_KEY": Self.key, "HOME": "/nonexistent", "FTCTL_CONFIG": "/nonexistent/c.yaml"])
        let refused = await ftctl.run(["jobs", "list", "--base-url", "http://remote.invalid/v1"])
        #expect(refused.code == 78)
        #expect(refused.stderr.contains("plain http") && refused.stderr.contains("--allow-insecure-http"))
        let allowed = await ftctl.run(["jobs", "list", "--base-url", "http://remote.invalid/v1", "--allow-insecure-http", "--max-retries", "0"])
        #expect(allowed.code == 75, "\(allowed.stderr)")
    }
}
