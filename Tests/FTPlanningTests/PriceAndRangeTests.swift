import Foundation
import Testing
import FTCore
@testable import FTPlanning

/// Per-token prices by model size, stale-price warnings and low/expected/high ranges.
@Suite struct PriceAndRangeTests {
    static let day: Double = 86_400
    let catalog = try! CatalogLoader.bundled()

    func planner(on date: String) -> Planner {
        let now = PriceAge.date(date)!
        return Planner(catalog: catalog, now: { now })
    }

    @Test func fireworksPricesByBracketMethodAndDPO() throws {
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 2_000_000, epochs: 2, method: .lora)
        r.provider = "fireworks"
        let p = planner(on: "2026-11-01")
        #expect(try p.estimate(r).cost?.amount == Decimal(2))  // 4M tokens × $0.50
        r.training = .dpo
        #expect(try p.estimate(r).cost?.amount == Decimal(4))  // DPO is 2× at Fireworks
        r.model = "llama-3.1-70b"
        r.training = .sft
        #expect(try p.estimate(r).cost?.amount == Decimal(12))  // 16.1–80B bracket, $3
    }

    @Test func togetherGivesTheRangeAndNoMinimum() throws {
        var r = EstimateRequest(model: "qwen2.5-7b", tokens: 1_000_000, epochs: 1, method: .lora)
        r.provider = "together"
        let e = try planner(on: "2026-06-01").estimate(r)
        #expect(e.costRange?.low == Decimal(string: "0.48"))
        #expect(e.costRange?.high == Decimal(string: "1.35"))
        #expect(e.assumptions.contains { $0.contains("minimum charge: 0 USD") })
    }

    @Test func compareListsPerTokenProvidersOfOpenModels() throws {
        let rows = try planner(on: "2026-11-01").compare(EstimateRequest(model: "llama-3.1-8b", tokens: 1_000_000, epochs: 1, method: .lora))
        #expect(rows.contains { $0.provider == "fireworks" && $0.cost?.amount == Decimal(string: "0.5") })
        #expect(rows.contains { $0.provider == "together" && $0.basis == .perToken })
        #expect(!rows.contains { $0.provider == "nebius" && $0.basis == .perToken })
    }

    @Test func nebiusSaysUnpublished() throws {
        var r = EstimateRequest(model: "qwen2.5-7b", tokens: 1_000_000, epochs: 1, method: .lora)
        r.provider = "nebius"
        let e = try planner(on: "2026-11-01").estimate(r)
        #expect(e.cost == nil)
        #expect(e.assumptions.contains { $0.contains("publishes no per-token fine-tuning price") })
    }

    @Test func openAIRFTHourlyRateIsInTheCatalog() {
        let rft = catalog.tokenPriceRules.first { $0.provider == "openai" && $0.training == .rft }
        #expect(rft?.usdPerHour?.value == Decimal(100))
        #expect(rft?.source.url.hasPrefix("https://help.openai.com") == true)
    }

    @Test func rftIsPricedPerTrainingHourFromTheGuessWithGradersNamed() throws {
        var r = EstimateRequest(model: "o4-mini")
        r.training = .rft
        r.trainingHours = EstimateRequest.HoursGuess("1.5-4")
        r.graderModels = ["gpt-4.1-2025-04-14"]
        let e = try planner(on: "2025-06-01").estimate(r)
        #expect(e.model == "o4-mini-2025-04-16" && e.cost?.basis == .trainingHours)
        #expect(e.costRange == Span(low: 150, expected: 275, high: 400))
        #expect(e.hoursRange == Span(low: Decimal(string: "1.5")!, expected: Decimal(string: "2.75")!, high: 4))
        #expect(e.assumptions.contains { $0.contains("model grader gpt-4.1-2025-04-14") && $0.contains("not priced") })
        #expect(e.warnings.isEmpty, "the rate is dated 2025-05-09")
        #expect(try planner(on: "2026-01-01").estimate(r).warnings.count == 1)
        // No guess: the rate and why there is no total.
        r.trainingHours = nil
        let bare = try planner(on: "2025-06-01").estimate(r)
        #expect(bare.cost == nil && bare.costProblem?.contains("does not predict the hours") == true)
        // An hour is billed to the hundredth.
        r.trainingHours = EstimateRequest.HoursGuess("0.333")
        #expect(try planner(on: "2025-06-01").estimate(r).cost?.amount == Decimal(33))
        r.model = "gpt-4o-mini"
        #expect(throws: FTError.self) { try planner(on: "2025-06-01").estimate(r) }
        for bad in ["0", "-1", "3-2", "x", "1-2-3", "nan", "inf", "20000"] { #expect(EstimateRequest.HoursGuess(bad) == nil, "\(bad)") }
    }

    @Test func stalePriceWarnsAfter180Days() throws {
        var r = EstimateRequest(model: "gpt-4o-mini-2024-07-18", tokens: 1_000_000, epochs: 1)
        r.provider = "openai"
        // The OpenAI prices are dated 2025-05-01.
        #expect(try planner(on: "2025-06-01").estimate(r).warnings.isEmpty)
        let late = try planner(on: "2025-12-01").estimate(r)
        #expect(late.warnings.count == 1)
        #expect(late.warnings[0].contains("2025-05-01") && late.warnings[0].contains("214 days"))
        #expect(PriceAge.warning("x", SourceRef(url: "u", date: "undated"), now: Date())?.contains("no date") == true)
    }

    @Test func gpuJobHasOrderedRangesAndTheArithmetic() throws {
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 20_000_000, examples: 40_000, epochs: 1, method: .lora)
        r.contextLength = 2048
        let e = try planner(on: "2026-11-01").estimate(r)
        let c = try #require(e.costRange), h = try #require(e.hoursRange), m = try #require(e.memoryRange)
        #expect(c.low < c.expected && c.expected < c.high)
        #expect(h.low < h.expected && h.expected < h.high)
        #expect(m.low <= m.expected && m.expected <= m.high)
        #expect(c.expected == e.cost?.amount)
        #expect(e.assumptions.contains { $0.hasPrefix("low end:") } && e.assumptions.contains { $0.hasPrefix("high end:") })
        // Packing not stated with 40,000 examples × 2048 > 20M tokens: the high end counts the padding.
        #expect(e.assumptions.contains { $0.contains("not packed") })
        #expect(e.explain.contains { $0.hasPrefix("hours = ") })
        let json = try #require(try JSONSerialization.jsonObject(with: e.jsonData()) as? [String: Any])
        let cost = try #require(json["cost_usd"] as? [String: Any])
        #expect(Set(cost.keys) == ["low", "expected", "high"])
        #expect(json["cost"] is [String: Any] && json["hours"] is Double)
    }

    @Test func presetCollapsesTheMemoryRange() throws {
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 1_000_000, epochs: 1, method: .qlora)
        r.preset = .unsloth
        let m = try #require(try planner(on: "2026-11-01").estimate(r).memoryRange)
        // One setup: what is left is the model's own error around it.
        let err = PlanningConstants.default.memoryModelError
        #expect(m.lowSetup == m.highSetup)
        #expect(abs(m.low / (1 - err) - m.high / (1 + err)) < 1e-9)
        r.preset = nil
        let wide = try #require(try planner(on: "2026-11-01").estimate(r).memoryRange)
        #expect(wide.high - wide.low > m.high - m.low)
    }
}
