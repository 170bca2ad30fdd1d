import Foundation
import Testing
import FTCore
@testable import FTPlanning

@Suite struct RobustnessTests {
    let planner = Planner(catalog: try! CatalogLoader.bundled())

    func expectUsage(_ r: EstimateRequest, _ contains: String) {
        do {
            _ = try planner.estimate(r)
            Issue.record("no error for \(r)")
        } catch let e as FTError {
            #expect(e.code == .usage, "\(e)")
            #expect(e.description.contains(contains), "\(e)")
            #expect(e.hint != nil)
        } catch { Issue.record("not an FTError: \(error)") }
    }

    @Test func unknownModelIsNotFoundWithAHint() {
        do {
            _ = try planner.estimate(EstimateRequest(model: "llama-9-1t", tokens: 10))
            Issue.record("no error")
        } catch let e as FTError {
            #expect(e.code == .notFound)
            #expect(e.hint?.contains("llama-3.1-8b") == true)
        } catch { Issue.record("\(error)") }
    }

    @Test func badNumbersAreUsageErrors() {
        expectUsage(EstimateRequest(model: "llama-3.1-8b", tokens: -5), "--tokens")
        expectUsage(EstimateRequest(model: "llama-3.1-8b", tokens: Int.max), "--tokens")
        expectUsage(EstimateRequest(model: "llama-3.1-8b"), "dataset size")
        expectUsage(EstimateRequest(model: "llama-3.1-8b", tokens: 10, epochs: 0), "--epochs")
        expectUsage(EstimateRequest(model: "llama-3.1-8b", tokens: 10, epochs: -3), "--epochs")
        expectUsage(EstimateRequest(model: "llama-3.1-8b", tokens: 10, examples: -1), "--examples")
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 10)
        r.contextLength = 1_000_000_000
        expectUsage(r, "--context-length")
        r.contextLength = 0
        expectUsage(r, "--context-length")
        r.contextLength = -4096
        expectUsage(r, "--context-length")
        r = EstimateRequest(model: "llama-3.1-8b", tokens: 10, method: .qlora)
        r.bits = 3
        expectUsage(r, "--bits")
        r = EstimateRequest(model: "llama-3.1-8b", tokens: 10)
        r.batchSize = 0
        expectUsage(r, "--batch-size")
        r.batchSize = 1
        r.gpus = 0
        expectUsage(r, "--gpus")
        r.gpus = nil
        r.loraRank = -1
        expectUsage(r, "--lora-r")
    }

    @Test func extremeButValidInputsGiveFiniteAnswers() throws {
        for tokens in [0, 1, 1 << 50] {
            for model in ["llama-3.1-8b", "gpt-4o-mini", "qwen3-235b-a22b", "gemma-3-1b"] {
                for method in TrainingMethod.allCases {
                    var r = EstimateRequest(model: model, tokens: tokens, examples: tokens == 0 ? 0 : 7, method: method)
                    r.contextLength = try planner.catalog.model(model).maxContext
                    r.batchSize = 65_536
                    let e = try planner.estimate(r)
                    let data = try e.jsonData()
                    #expect(!data.isEmpty)
                    if let m = e.memoryPerGPU { #expect(m.total.isFinite) }
                    if let h = e.hours { #expect(h.isFinite && h >= 0) }
                }
            }
        }
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 1 << 50, examples: 1 << 50, method: .lora)
        r.packing = false
        r.contextLength = 131072
        expectUsage(r, "too large")
    }

    @Test func overrideFileReplacesAndExtendsByID() throws {
        let json = #"""
        {"gpus": [{"id": "a10g", "name": "NVIDIA A10G", "memory_gib": 24, "bf16_dense_tflops": 71, "memory_bandwidth_gbps": 600,
                   "source": {"url": "test", "date": "2025-01-01"}}],
         "token_prices": [{"provider": "openai", "model": "gpt-4o-mini-2024-07-18", "usd_per_1m_tokens": "2.50", "source": {"url": "test", "date": "2025-01-01"}}],
         "models": [{"id": "tiny", "name": "Tiny", "architecture": {"layers": 2, "hidden": 64, "intermediate": 128, "heads": 4, "vocab": 1000},
                     "max_context": 512, "tokenizer": "other", "source": {"url": "test", "date": "2025-01-01"}}]}
        """#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ftplan-override-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try CatalogLoader.load(overridePath: path)
        let base = try CatalogLoader.bundled()
        #expect(c.gpus.count == base.gpus.count)
        #expect(c.gpu("a10g")?.bf16DenseTFLOPS == 71)
        #expect(c.models.count == base.models.count + 1)
        #expect(c.tokenPrice(provider: "openai", model: "gpt-4o-mini-2024-07-18")?.usdPer1MTokens.value == Decimal(string: "2.5"))
        let e = try Planner(catalog: c).estimate(EstimateRequest(model: "tiny", tokens: 1000, epochs: 1))
        #expect(e.hardware?.fits == true)
    }

    @Test(arguments: [
        #"{"token_prices": [{"provider": "x", "model": "m", "usd_per_1m_tokens": "NaN", "source": {"url": "u", "date": "d"}}]}"#,
        #"{"token_prices": [{"provider": "x", "model": "m", "usd_per_1m_tokens": -1, "source": {"url": "u", "date": "d"}}]}"#,
        #"{"gpu_hour_prices": [{"provider": "x", "gpu": "a10g", "usd_per_gpu_hour": "inf", "source": {"url": "u", "date": "d"}}]}"#,
        #"{"gpus": [{"id": "g", "name": "G", "memory_gib": -24, "bf16_dense_tflops": 1, "memory_bandwidth_gbps": 1, "source": {"url": "u", "date": "d"}}]}"#,
        #"{"gpus": [{"id": "g", "name": "G", "memory_gib": 1e400, "bf16_dense_tflops": 1, "memory_bandwidth_gbps": 1, "source": {"url": "u", "date": "d"}}]}"#,
        #"{"models": [{"id": "m", "name": "M", "max_context": 0, "tokenizer": "other", "source": {"url": "u", "date": "d"}}]}"#,
        #"{"models": [{"id": "m", "name": "M", "max_context": 10, "tokenizer": "other", "architecture": {"layers": -1, "hidden": 8, "intermediate": 8, "heads": 1, "vocab": 8}, "source": {"url": "u", "date": "d"}}]}"#,
        #"{"models": [{"id": "m", "name": "M", "max_context": 10, "tokenizer": "klingon", "source": {"url": "u", "date": "d"}}]}"#,
        "{ not json",
        "[]",
    ])
    func badOverrideFilesAreInvalidData(text: String) {
        do {
            _ = try CatalogLoader.decode(Data(text.utf8), name: "override.json")
            Issue.record("accepted: \(text)")
        } catch let e as FTError {
            #expect(e.code == .invalidData)
        } catch { Issue.record("\(error)") }
    }

    @Test func missingOverrideFileIsFileMissing() {
        #expect(throws: FTError.self) { try CatalogLoader.load(overridePath: "/nonexistent/ftplan.json") }
    }
}
