import Foundation
import Testing

/// `ftctl estimate` from the command line: setup flags, and models that are in no catalog.
@Suite("ftctl estimate")
struct EstimateCommandTests {
    let ftctl = FTCtlRunner()
    /// The repository's root, for the catalog and the example dataset.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theSetupFlagsOfAQLoRAEstimateNarrowItsRange() async throws {
        let base = ["estimate", "--model", "llama-3.1-8b", "--tokens", "1000000", "--method", "qlora", "-o", "json"]
        let open = try await ftctl.run(base)
        let pinned = try await ftctl.run(base + ["--bitsandbytes-version", "0.45.0", "--lora-dropout", "0"])
        let old = try await ftctl.run(base + ["--bitsandbytes-version", "0.42.0", "--lora-dropout", "0.05"])
        func span(_ r: FTCtlRunner.Result) throws -> (Double, Double, String) {
            #expect(r.code == 0, "\(r.stderr)")
            let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let m = try #require(j["memory_range_gib"] as? [String: Any])
            return (try #require(m["low"] as? Double), try #require(m["high"] as? Double), m["high_setup"] as? String ?? "")
        }
        let (_, openHigh, openSetup) = try span(open)
        let (_, pinnedHigh, pinnedSetup) = try span(pinned)
        let (_, oldHigh, _) = try span(old)
        // Not knowing the release, the heaviest case is an old one; a fixed release rules it out.
        #expect(openSetup.contains("bitsandbytes < 0.43.2"), "\(openSetup)")
        #expect(!pinnedSetup.contains("bitsandbytes"))
        #expect(pinnedHigh < openHigh && pinnedHigh < oldHigh)
        for (flag, value) in [("--bitsandbytes-version", "latest"), ("--lora-dropout", "1.5"), ("--lora-dropout", "nan")] {
            let bad = try await ftctl.run(base + [flag, value])
            bad.expectOneLineError(64, containing: flag)
        }
    }

    @Test func aModelGivenByItsDimensionsIsEstimatedLikeItsConfigJSON() async throws {
        // Llama-2-7B's config.json values (meta-llama/Llama-2-7b-hf).
        let dir = NSTemporaryDirectory() + "ftctl-dims-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/config.json"
        try #"{"num_hidden_layers": 32, "hidden_size": 4096, "intermediate_size": 11008, "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32000, "model_type": "llama"}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let job = ["--tokens", "1000000", "--method", "qlora", "--preset", "peft", "-o", "json"]
        let dims = ["estimate", "--layers", "32", "--hidden-size", "4096", "--heads", "32", "--vocab-size", "32000"]
        func memory(_ args: [String]) async throws -> Double {
            let r = try await ftctl.run(args)
            #expect(r.code == 0, "\(args): \(r.stderr)")
            let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let m = try #require(j["memory_per_gpu_gib"] as? [String: Any])
            return try #require(m["total"] as? Double)
        }
        let fromFile = try await memory(["estimate", "--model-config", config] + job)
        let fromWidth = try await memory(dims + ["--intermediate-size", "11008"] + job)
        // The published 6.74B parameters give the MLP width back to within a few units.
        let fromCount = try await memory(dims + ["--params", "6.74B"] + job)
        #expect(fromFile == fromWidth)
        #expect(abs(fromCount - fromFile) / fromFile < 0.01, "\(fromCount) vs \(fromFile)")

        let incomplete = try await ftctl.run(["estimate", "--layers", "32", "--hidden-size", "4096", "--tokens", "1000"])
        incomplete.expectOneLineError(64, containing: "--heads, --vocab-size")
        let small = try await ftctl.run(dims + ["--params", "1B", "--tokens", "1000"])
        small.expectOneLineError(64, containing: "--params 1B is too small")
        let twice = try await ftctl.run(dims + ["--params", "7B", "--model-config", config, "--tokens", "1000"])
        twice.expectOneLineError(64, containing: "--model-config")
        for bad in ["lots", "-7B", "1e400", "7B7"] {
            let r = try await ftctl.run(dims + ["--params", bad, "--tokens", "1000"])
            r.expectOneLineError(64, containing: "--params")
        }
    }

    /// Through Portkey the upstream bills, so its prices apply: OpenAI's by model, Fireworks' LoRA
    /// SFT by size bracket (read from the catalog the binary carries); bedrock's are not in it.
    @Test func throughPortkeyTheUpstreamsPricesApply() async throws {
        let portkey = FTCtlRunner(environment: ["PORTKEY_API_KEY": "pk-test"])
        func cost(_ r: FTCtlRunner.Result) throws -> (provider: String?, amount: Double?, assumptions: String) {
            #expect(r.code == 0, "\(r.stderr)")
            let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return (j["provider"] as? String, (j["cost"] as? [String: Any])?["amount"] as? Double,
                    (j["assumptions"] as? [String] ?? []).joined(separator: "\n"))
        }
        let job = ["estimate", "--tokens", "1000000", "--epochs", "2", "-o", "json"]
        let direct = try cost(try await ftctl.run(job + ["--model", "gpt-4o-mini", "--provider", "openai"]))
        let viaGateway = try cost(try await portkey.run(job + ["--model", "gpt-4o-mini", "--provider", "portkey", "--portkey-provider", "openai"]))
        #expect(direct.amount != nil && viaGateway.amount == direct.amount && viaGateway.provider == "portkey", "\(direct) \(viaGateway)")

        let fireworks = try cost(try await portkey.run(job + ["--model", "qwen2.5-7b", "--provider", "portkey", "--portkey-provider", "fireworks-ai",
                                                              "--fireworks-account-id", "acct"]))
        let catalog = Self.repository.appendingPathComponent("Sources/FTPlanning/Catalogs/prices.json")
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: catalog)) as? [String: Any])
        let rule = try #require((rules.values.compactMap { $0 as? [[String: Any]] }.joined()).first {
            $0["provider"] as? String == "fireworks" && $0["training"] as? String == "sft" && $0["method"] as? String == "lora"
                && ($0["min_params_b"] as? Double ?? 0) <= 7.6 && ($0["max_params_b"] as? Double ?? .infinity) > 7.6
        })
        let perMillion = try #require(Double(rule["usd_per_1m_tokens"] as? String ?? ""))
        #expect(fireworks.provider == "portkey" && fireworks.amount == perMillion * 2, "\(fireworks), rule \(perMillion)")
        #expect(fireworks.assumptions.contains("priced as fireworks: through portkey the fireworks-ai upstream bills the job"), "\(fireworks.assumptions)")

        let bedrock = try cost(try await portkey.run(job + ["--model", "llama-3.1-8b", "--provider", "portkey", "--portkey-provider", "bedrock"]))
        #expect(bedrock.amount == nil && bedrock.provider == "portkey", "\(bedrock)")
    }

    /// `jobs create` prices the job as `estimate` does, through the gateway too: before, a job
    /// through Portkey to Fireworks had no estimate, so `--max-cost` could only refuse it.
    @Test func aCreateThroughPortkeyIsPricedAsItsUpstream() async throws {
        let portkey = FTCtlRunner(environment: ["PORTKEY_API_KEY": "pk-test"])
        let demo = Self.repository.appendingPathComponent("examples/demo.jsonl").path
        let route = ["--provider", "portkey", "--portkey-provider", "fireworks-ai", "--fireworks-account-id", "acct",
                     "--model", "qwen2.5-7b", "--epochs", "2", "-o", "json"]
        let create = try await portkey.run(["jobs", "create", "--training-file", demo, "--suffix", "demo", "--dry-run"] + route)
        let estimate = try await portkey.run(["estimate", "--dataset", demo] + route)
        #expect(create.code == 0 && estimate.code == 0, "\(create.stderr) \(estimate.stderr)")
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(create.stdout.utf8)) as? [String: Any])
        let alone = try #require(try JSONSerialization.jsonObject(with: Data(estimate.stdout.utf8)) as? [String: Any])
        let amount = ((planned["estimate"] as? [String: Any])?["cost"] as? [String: Any])?["amount"] as? Double
        #expect(amount != nil && amount == (alone["cost"] as? [String: Any])?["amount"] as? Double, "\(create.stdout)")
        #expect(planned["estimate_problem"] is NSNull, "\(String(describing: planned["estimate_problem"]))")
    }
}
