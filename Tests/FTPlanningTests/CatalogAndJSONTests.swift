import Foundation
import Testing
import FTCore
@testable import FTPlanning

@Suite struct CatalogAndJSONTests {
    let catalog = try! CatalogLoader.bundled()

    @Test func requiredEntriesArePresentAndSourced() throws {
        let ids = ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "llama-3.2-1b", "llama-3.2-3b", "llama-3.3-70b",
                   "qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b", "qwen2.5-7b", "qwen2.5-14b", "qwen2.5-32b", "qwen2.5-72b",
                   "qwen3-0.6b", "qwen3-1.7b", "qwen3-4b", "qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3-30b-a3b", "qwen3-235b-a22b",
                   "mistral-7b-v0.3", "mistral-nemo-12b", "mixtral-8x7b", "gemma-2-2b", "gemma-2-9b", "gemma-2-27b",
                   "gemma-3-1b", "gemma-3-4b", "gemma-3-12b", "gemma-3-27b", "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18",
                   "gpt-4.1-2025-04-14", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-3.5-turbo-0125"]
        for id in ids { _ = try catalog.model(id) }
        for g in ["a10g", "l4", "l40s", "a100-40gb", "a100-80gb", "h100-sxm", "h200", "b200"] { #expect(catalog.gpu(g) != nil, "\(g)") }
        for m in catalog.models { #expect(!m.source.url.isEmpty && !m.source.date.isEmpty, "\(m.id)") }
        for g in catalog.gpus { #expect(!g.source.url.isEmpty && !g.source.date.isEmpty) }
        for p in catalog.tokenPrices { #expect(!p.source.url.isEmpty && !p.source.date.isEmpty) }
        for p in catalog.gpuHourPrices { #expect(!p.source.url.isEmpty && !p.source.date.isEmpty && p.listPrice) }
        for m in catalog.models where m.architecture == nil {
            #expect(catalog.tokenPrices.contains { $0.model == m.id }, "\(m.id) has no price")
        }
    }

    /// The parameter count derived from config.json matches the published one.
    @Test func derivedParameterCountsMatchPublished() throws {
        for m in catalog.models {
            guard let a = m.architecture, let published = m.publishedParams else { continue }
            let p = ParameterCount(a)
            let tolerance = m.multimodal == true ? 0.12 : 0.03
            let err = abs(p.total - Double(published)) / Double(published)
            #expect(err <= tolerance, "\(m.id): derived \(p.total), published \(published)")
            if let active = m.publishedActiveParams {
                #expect(abs(p.active - Double(active)) / Double(active) <= 0.05, "\(m.id) active \(p.active)")
            }
        }
    }

    @Test func loraCountsMatchPublishedTrainableParams() throws {
        // ms-swift's benchmark lists Qwen-7B-Chat's trainable parameters: r=8 on c_attn 4.19M, on all linear 17.89M.
        let qwen7 = Architecture(layers: 32, hidden: 4096, intermediate: 11008, heads: 32, kvHeads: 32, vocab: 151936, tiedEmbeddings: false)
        #expect(abs(ParameterCount.lora(qwen7, rank: 8, targets: .qkvFused) - 4.19e6) < 0.01e6)
        #expect(abs(ParameterCount.lora(qwen7, rank: 8, targets: .allLinearFusedQKV) - 17.89e6) < 0.01e6)
    }

    @Test func estimateJSONHasExactlyTheContractFields() throws {
        for r in [EstimateRequest(model: "llama-3.1-8b", tokens: 1_000_000, epochs: 2),
                  EstimateRequest(model: "gpt-4o-mini", tokens: 1_000_000, epochs: 2)] {
            var e = try Planner(catalog: catalog).estimate(r)
            e.providerEstimate = ProviderEstimate(amount: Decimal(string: "42.50"), currency: "USD", minutes: 180)
            let obj = try #require(try JSONSerialization.jsonObject(with: e.jsonData()) as? [String: Any])
            let contract: Set<String> = ["model", "provider", "method", "epochs", "tokens", "billed_tokens", "memory_per_gpu_gib",
                                         "hardware", "hours", "cost", "provider_estimate", "assumptions"]
            // The contract's fields stay as they were; the ranges are added beside them.
            #expect(contract.isSubset(of: Set(obj.keys)))
            #expect(Set(obj.keys).subtracting(contract).isSubset(of: ["memory_range_gib", "hardware_range", "cost_usd", "hours_range", "warnings"]))
            if let mem = obj["memory_per_gpu_gib"] as? [String: Any] {
                #expect(Set(mem.keys) == ["weights", "gradients", "optimizer", "activations", "overhead", "total"])
                let hw = try #require(obj["hardware"] as? [String: Any])
                #expect(Set(hw.keys) == ["id", "gpu", "count", "fits", "alternatives"])
            } else {
                #expect(obj["memory_per_gpu_gib"] is NSNull)
                #expect(obj["hardware"] is NSNull)
                #expect(obj["hours"] is NSNull)
            }
            let cost = try #require(obj["cost"] as? [String: Any])
            #expect(Set(cost.keys) == ["amount", "currency", "basis"])
            #expect(obj["provider_estimate"] is [String: Any])
        }
        let e = try Planner(catalog: catalog).estimate(EstimateRequest(model: "gpt-4o-mini", tokens: 10, epochs: 1))
        let obj = try #require(try JSONSerialization.jsonObject(with: e.jsonData()) as? [String: Any])
        #expect(obj["provider_estimate"] is NSNull)
    }

    @Test func memoryPartsBehave() throws {
        let a = try #require(try catalog.model("llama-3.1-8b").architecture)
        var c = MemoryConfig(method: .full)
        let full = MemoryModel.estimate(a, c)
        // 16 bytes per parameter before activations (ZeRO's mixed-precision Adam).
        let p = ParameterCount(a).total
        #expect(abs((full.weights + full.gradients + full.optimizer) * 1_073_741_824 - 16 * p) / (16 * p) < 1e-9)
        c.gpus = 8
        c.sharding = .zero3
        #expect(MemoryModel.estimate(a, c).total < full.total / 4)
        var q = MemoryConfig(method: .qlora)
        let nf4 = MemoryModel.estimate(a, q)
        q.method = .lora
        #expect(nf4.weights < MemoryModel.estimate(a, q).weights / 2)
        var eager = MemoryConfig(method: .lora)
        eager.seqLen = 8192
        let flash = MemoryModel.estimate(a, eager)
        eager.attention = .eager
        #expect(MemoryModel.estimate(a, eager).activations > flash.activations * 1.5)
        eager.attention = .flash
        eager.gradientCheckpointing = false
        #expect(MemoryModel.estimate(a, eager).activations > flash.activations)
        #expect(abs(MemoryModel.quantizedBytesPerParam(bits: 4, doubleQuant: true, hidden: 4096) * 8 - 4.127) < 0.001)
    }
}
