import Foundation
import Testing
import FTCore
@testable import FTPlanning

@Suite struct CostTests {
    let planner = Planner(catalog: try! CatalogLoader.bundled())

    @Test func perTokenCostIsExact() throws {
        // 1,234,567 tokens × 3 epochs × $3.00 per 1M = $11.111103 exactly.
        var r = EstimateRequest(model: "gpt-4o-mini-2024-07-18", tokens: 1_234_567, epochs: 3)
        r.provider = "openai"
        let e = try planner.estimate(r)
        #expect(e.cost?.amount == Decimal(string: "11.111103")!)
        #expect(e.cost?.basis == .perToken)
        #expect(e.billedTokens == 3_703_701)
        #expect(e.memoryPerGPU == nil && e.hardware == nil && e.hours == nil)
    }

    @Test(arguments: [(1, 1, "1.50", "0.0000015"), (999_999, 7, "25.00", "174.999825"), (100, 25, "8.00", "0.02"),
                      (0, 3, "5.00", "0")])
    func handCountableCosts(tokens: Int, epochs: Int, price: String, expected: String) {
        let c = CostModel.perToken(billedTokensPerEpoch: tokens, epochs: epochs, usdPer1M: Decimal(string: price)!)
        #expect(c.amount == Decimal(string: expected)!)
    }

    @Test func gpt41NanoThroughAlias() throws {
        let e = try planner.estimate(EstimateRequest(model: "gpt-4.1-nano", tokens: 2_000_000, epochs: 2))
        #expect(e.model == "gpt-4.1-nano-2025-04-14")
        #expect(e.cost?.amount == Decimal(6))  // 4M tokens × $1.50 / 1M
    }

    @Test(arguments: [(1, 25), (10, 10), (33, 4), (34, 3), (100, 3), (8333, 3), (8334, 2), (12_501, 1), (25_000, 1), (1_000_000, 1)])
    func defaultEpochsFollowOpenAI(examples: Int, epochs: Int) {
        #expect(CostModel.defaultEpochs(examples: examples) == epochs)
    }

    @Test func defaultEpochsUsedWhenNotGiven() throws {
        let e = try planner.estimate(EstimateRequest(model: "gpt-4o-mini", tokens: 10_000, examples: 20))
        #expect(e.epochs == 5)
        #expect(e.cost?.amount == Decimal(string: "0.15")!)  // 10,000 × 5 × $3 / 1M
    }

    @Test func gpuHourCostIsHoursTimesTheMachinePrice() throws {
        let c = CostModel.gpuHours(hours: 2.5, configPricePerHour: Decimal(string: "2.99")! * 4)
        #expect(c?.amount == Decimal(string: "29.9")!)
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 50_000_000, epochs: 1, method: .lora)
        r.provider = "lambda"
        let e = try planner.estimate(r)
        let hours = try #require(e.hours)
        let count = try #require(e.hardware?.count)
        let id = try #require(e.hardware?.id)
        let machine = try #require(planner.catalog.machines.first { $0.id == id })
        #expect(machine.provider == "lambda" && machine.count == count)
        let expected = CostModel.gpuHours(hours: hours, configPricePerHour: machine.usdPerHour.value)
        #expect(e.cost == expected)
        #expect(e.cost?.basis == .gpuHours)
    }
}
