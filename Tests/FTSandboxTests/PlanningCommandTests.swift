import FineTuning
import Foundation
import Testing

/// `ftctl estimate`, the catalogs, and the budget guard on `jobs create`.
@Suite("estimate and the budget guard")
struct PlanningCommandTests {
    @Test func perTokenCostIsTokensTimesEpochsTimesPrice() async throws {
        let catalog = try CatalogLoader.bundled()
        let model = try catalog.model("gpt-4o-mini")
        let price = try #require(catalog.tokenPrice(provider: "openai", model: model.id)).usdPer1MTokens.value
        let b = Binaries(["FTCTL_PROVIDER": "openai"])
        for (tokens, epochs) in [(1_234_567, 3), (10, 1), (2_000_000, 7)] {
            let r = try await b.ftctl(["estimate", "--model", "gpt-4o-mini", "--tokens", "\(tokens)", "--epochs", "\(epochs)", "-o", "json"])
            #expect(r.code == 0, "\(r.stderr)")
            let json = try #require(JSONValue.parse(Data(r.stdout.utf8)))
            let expected = Decimal(tokens) * Decimal(epochs) * price / 1_000_000
            #expect(json["cost"]?["amount"]?.double.flatMap { Decimal(string: "\($0)") } == expected, "\(tokens) × \(epochs)")
            #expect(json["cost"]?["basis"] == "per_token")
            #expect(json["billed_tokens"]?.int == tokens * epochs)
            // The contract's order, as printed (parsing sorts keys).
            let at = ["\"model\"", "\"provider\"", "\"method\"", "\"assumptions\""].compactMap { r.stdout.range(of: $0)?.lowerBound }
            #expect(at.count == 4 && at == at.sorted())
        }
    }

    @Test func biggerJobsMoveToBiggerHardware() async throws {
        let b = Binaries()
        func gpuMemory(_ args: [String]) async throws -> (String, Double) {
            let r = try await b.ftctl(["estimate", "--tokens", "1000000", "-o", "json"] + args)
            #expect(r.code == 0, "\(r.stderr)")
            let json = try #require(JSONValue.parse(Data(r.stdout.utf8)))
            #expect(json["hardware"]?["fits"] == true)
            let total = try #require(json["memory_per_gpu_gib"]?["total"]?.double)
            return (json["hardware"]?["id"]?.string ?? "", total)
        }
        let (small, m1) = try await gpuMemory(["--model", "llama-3.2-1b", "--method", "lora"])
        let (big, m2) = try await gpuMemory(["--model", "llama-3.1-70b", "--method", "lora"])
        #expect(m2 > m1)
        #expect(small != big)
        let compare = try await b.ftctl(["estimate", "--model", "llama-3.1-8b", "--tokens", "1000000", "--compare", "-o", "json"])
        let costs = (JSONValue.parse(Data(compare.stdout.utf8))?.array ?? []).compactMap { $0["cost"]?.double }
        #expect(costs.count > 3)
        #expect(costs == costs.sorted())
    }

    @Test func theBuiltInCatalogsListWhereTheProviderHasNone() async throws {
        let b = Binaries(["FTCTL_PROVIDER": "openai"])
        let models = try await b.ftctl(["models", "list", "-q"])
        #expect(models.code == 0, "\(models.stderr)")
        #expect(models.stdout.contains("llama-3.1-8b"))
        let gpus = try await b.ftctl(["hardware", "list", "-o", "json"])
        let ids = (JSONValue.parse(Data(gpus.stdout.utf8))?.array ?? []).compactMap { $0["id"]?.string }
        for gpu in ["a10g", "l4", "l40s", "a100-40gb", "a100-80gb", "h100-sxm", "h200", "b200"] { #expect(ids.contains(gpu)) }
    }

    @Test func aBudgetBelowTheEstimateSendsNothing() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let data = try b.dataset(lines: 30)
        let refused = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", data, "--max-cost", "0.000001"])
        #expect(refused.code == 7, "\(refused.stderr)")
        #expect(refused.stderr.contains("above the budget"))
        #expect(try await b.ftctl(["files", "list", "-q"]).trimmed.isEmpty)
        #expect(try await b.ftctl(["jobs", "list", "-q"]).trimmed.isEmpty)
        // An id cannot be counted: with a budget, that is refused too.
        let byID = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", "file-x", "--max-cost", "5"])
        #expect(byID.code == 7)
        let ok = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", data, "--max-cost", "100", "-q"])
        #expect(ok.code == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("estimate:"))
    }
}
