import Foundation
import Testing
@testable import FTPlanning

/// Prices are for machines that exist; GPU memory is what nvidia-smi reports.
@Suite struct MachineTests {
    let planner = Planner(catalog: try! CatalogLoader.bundled())

    @Test func everyMachineIsSourcedAndKnown() {
        #expect(planner.catalog.machines.count >= 40)
        for m in planner.catalog.machines {
            #expect(planner.catalog.gpu(m.gpu) != nil, "\(m.id)")
            #expect(!m.source.url.isEmpty && m.source.date.count >= 4 && !m.region.isEmpty, "\(m.id)")
        }
        for g in ["h200", "b200"] { #expect(planner.catalog.machines(gpu: g).count >= 2, "\(g) priced") }
    }

    @Test func fourA10GOnAWSCostTheG5TwelveXLargePrice() throws {
        var r = EstimateRequest(model: "qwen2.5-7b", tokens: 1_000_000, epochs: 1, method: .lora)
        r.provider = "aws"
        r.hardwareID = "a10g"
        r.gpus = 4
        let e = try planner.estimate(r)
        #expect(e.hardware?.id == "aws:g5.12xlarge")
        let hours = try #require(e.hours)
        #expect(e.cost == CostModel.gpuHours(hours: hours, configPricePerHour: Decimal(string: "5.672")!))
    }

    @Test func noTwoA10GMachineOnAWS() {
        var r = EstimateRequest(model: "qwen2.5-7b", tokens: 1_000_000, epochs: 1, method: .lora)
        r.provider = "aws"
        r.hardwareID = "a10g"
        r.gpus = 2
        #expect(throws: (any Error).self) { try planner.estimate(r) }
    }

    @Test func planNeverChoosesAMachineAbsentFromTheCatalog() throws {
        let ids = Set(planner.catalog.machines.map(\.id))
        for (model, method) in [("qwen2.5-0.5b", TrainingMethod.qlora), ("llama-3.1-8b", .lora), ("qwen2.5-32b", .full), ("llama-3.1-70b", .lora)] {
            let e = try planner.estimate(EstimateRequest(model: model, tokens: 10_000_000, epochs: 1, method: method))
            if e.hardware?.fits == true { #expect(ids.contains(e.hardware?.id ?? ""), "\(model) \(method): \(e.hardware?.id ?? "-")") }
            for row in try planner.compare(EstimateRequest(model: model, tokens: 1_000_000, epochs: 1, method: method)) where row.hardwareID != nil {
                #expect(ids.contains(row.hardwareID!))
            }
        }
    }

    @Test func gpuMemoryIsWhatNvidiaSmiReports() throws {
        let a10g = try #require(planner.catalog.gpu("a10g"))
        #expect(abs(a10g.memoryGiB - 23028.0 / 1024) < 0.01)
        #expect(a10g.memorySource?.url.hasPrefix("https://") == true)
        #expect(abs((planner.catalog.gpu("l40s")?.memoryGiB ?? 0) - 46068.0 / 1024) < 0.01)
        // A job needing 21 GiB does not fit a 24 GB card under the 90% rule (22.49 × 0.9 = 20.2).
        let breakdown = MemoryBreakdown(weights: 21, gradients: 0, optimizer: 0, activations: 0, overhead: 0)
        let option = HardwareOption(id: "x", gpu: a10g, gpuName: a10g.name, count: 1, memoryGiBPerGPU: a10g.memoryGiB, pricePerHour: 1, provider: "aws")
        let s = HardwareSelector.select([option], margin: 0.9, memory: { _ in breakdown }, hours: { _ in 1 })
        #expect(s.chosen?.fits == false)
    }
}
