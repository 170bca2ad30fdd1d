import Foundation
import Testing
import FTCore
@testable import FTPlanning

/// SplitMix64, for reproducible sweeps.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SelectionTests {
    let planner = Planner(catalog: try! CatalogLoader.bundled())

    @Test func chosenHardwareAlwaysFitsOverSeededSweep() throws {
        var rng = SeededRNG(state: 42)
        let models = planner.catalog.models.filter { $0.architecture != nil }.map(\.id)
        var checked = 0
        for _ in 0..<150 {
            let id = models.randomElement(using: &rng)!
            let m = try planner.catalog.model(id)
            var r = EstimateRequest(model: id, tokens: Int.random(in: 1...200_000_000, using: &rng), epochs: Int.random(in: 1...4, using: &rng),
                                    method: TrainingMethod.allCases.randomElement(using: &rng)!)
            r.contextLength = min([512, 1024, 2048, 4096, 8192, 16384, 32768].randomElement(using: &rng)!, m.maxContext)
            r.batchSize = [1, 2, 4].randomElement(using: &rng)!
            r.loraRank = [8, 16, 64].randomElement(using: &rng)!
            r.gradientCheckpointing = Bool.random(using: &rng)
            r.optimizer = OptimizerKind.allCases.randomElement(using: &rng)!
            let e = try planner.estimate(r)
            let hw = try #require(e.hardware)
            let mem = try #require(e.memoryPerGPU)
            let gpu = try #require(planner.catalog.gpu(hw.gpu))
            if hw.fits {
                checked += 1
                #expect(mem.total <= gpu.memoryGiB * planner.constants.memoryMargin, "\(id) \(r)")
                // Recomputed independently from the memory model for that count.
                let again = MemoryModel.estimate(m.architecture!, planner.memoryConfig(r, contextLength: r.contextLength!, gpus: hw.count))
                #expect(again.total <= gpu.memoryGiB * 0.9)
            } else {
                // Nothing in the catalog fits: then no option may fit.
                let options = HardwareOption.catalogOptions(planner.catalog)
                for o in options {
                    let mm = MemoryModel.estimate(m.architecture!, planner.memoryConfig(r, contextLength: r.contextLength!, gpus: o.count))
                    #expect(mm.total > o.memoryGiBPerGPU * 0.9)
                }
            }
        }
        #expect(checked > 50)
    }

    func gpuMemory(_ e: Estimate) -> Double {
        guard let h = e.hardware, let g = planner.catalog.gpu(h.gpu) else { return 0 }
        return g.memoryGiB * Double(h.count)
    }

    @Test func longerSequencesMoveToBiggerHardware() throws {
        var last = 0.0
        var totals: [Double] = []
        for ctx in [1024, 8192, 32768] {
            var r = EstimateRequest(model: "llama-3.1-8b", tokens: 10_000_000, epochs: 1, method: .lora)
            r.contextLength = ctx
            let e = try planner.estimate(r)
            #expect(e.hardware?.fits == true)
            let mem = gpuMemory(e)
            #expect(mem >= last, "context \(ctx)")
            last = mem
            totals.append(mem)
        }
        #expect(totals.last! > totals.first!)
    }

    @Test func biggerModelsMoveToMoreGPUs() throws {
        var counts: [Int] = []
        for id in ["qwen2.5-7b", "qwen2.5-32b", "llama-3.1-70b", "llama-3.1-405b"] {
            let e = try planner.estimate(EstimateRequest(model: id, tokens: 5_000_000, epochs: 1, method: .lora))
            #expect(e.hardware?.fits == true, "\(id)")
            counts.append(Int(gpuMemory(e)))
        }
        #expect(counts == counts.sorted())
        #expect(counts.first! < counts.last!)
        let small = try planner.estimate(EstimateRequest(model: "qwen2.5-0.5b", tokens: 1_000_000, epochs: 1, method: .qlora))
        #expect(small.hardware?.count == 1)
    }

    @Test func fullFineTuneOf405BFitsNowhereAndSaysSo() throws {
        let e = try planner.estimate(EstimateRequest(model: "llama-3.1-405b", tokens: 1_000_000, epochs: 1, method: .full))
        #expect(e.hardware?.fits == false)
        #expect(e.assumptions.contains { $0.contains("no option fits") })
    }

    @Test func cheaperOptionsThatDoNotFitSayWhy() throws {
        var r = EstimateRequest(model: "qwen2.5-14b", tokens: 1_000_000, epochs: 1, method: .lora)
        r.contextLength = 4096
        r.provider = "aws"
        let e = try planner.estimate(r)
        #expect(e.hardware?.fits == true)
        let alt = try #require(e.hardware?.alternatives.first { $0.reason.hasPrefix("needs") })
        #expect(alt.reason.contains("GiB per GPU"))
        #expect(alt.reason.contains(" has "))
    }

    @Test func unpricedOptionsRankAfterPricedOnes() throws {
        // A provider whose machines the catalog does not list: chosen by fit only, no cost.
        var r = EstimateRequest(model: "qwen2.5-7b", tokens: 1_000_000, epochs: 1, method: .lora)
        r.provider = "someprovider"
        let e = try planner.estimate(r)
        #expect(e.cost == nil)
        #expect(e.hardware?.fits == true)
    }

    @Test func compareIsOrderedByCost() throws {
        let rows = try planner.compare(EstimateRequest(model: "llama-3.1-8b", tokens: 20_000_000, epochs: 2, method: .qlora))
        #expect(rows.count > 3)
        let priced = rows.prefix { $0.cost != nil }.compactMap { $0.cost?.amount }
        #expect(priced == priced.sorted())
        #expect(rows.drop { $0.cost != nil }.allSatisfy { $0.cost == nil })
        #expect(Set(rows.map(\.provider)).isSuperset(of: ["aws", "lambda"]))
        let api = try planner.compare(EstimateRequest(model: "gpt-4o", tokens: 1_000_000, epochs: 1))
        #expect(api.map(\.provider) == ["openai"])
    }

    @Test func providerHardwareListFromGenericV1() throws {
        let body = #"""
        {"success": true, "data": {"hardware": [
          {"id": "gpu-a100-40gb", "name": "NVIDIA A100 40GB", "gpuMemory": "40GB", "gpuCount": 1, "costPerHour": 3.50},
          {"id": "gpu-a100-80gb", "name": "NVIDIA A100 80GB", "gpuMemory": "80 GB", "gpuCount": 1, "costPerHour": 5.00},
          {"id": "gpu-a100-80gb-x4", "name": "NVIDIA A100 80GB x4", "gpuMemory": "80GB", "gpuCount": 4, "costPerHour": 18.00},
          {"id": "weird", "name": "Mystery", "gpuMemory": "lots", "gpuCount": 1},
          {"id": "neg", "name": "NVIDIA L4", "gpuMemory": "-24GB", "gpuCount": -1, "costPerHour": "NaN"},
          {"id": "l4", "name": "NVIDIA L4", "gpuMemory": "24 GB", "gpuCount": "1", "costPerHour": "NaN"},
          42, null
        ]}}
        """#
        let options = try HardwareOption.providerOptions(json: Data(body.utf8), provider: "generic-v1", catalog: planner.catalog)
        #expect(options.map(\.id) == ["gpu-a100-40gb", "gpu-a100-80gb", "gpu-a100-80gb-x4", "l4"])
        #expect(options[2].count == 4 && options[2].memoryGiBPerGPU == 80 && options[2].gpu?.id == "a100-80gb")
        #expect(options[0].gpu?.id == "a100-40gb")
        #expect(options[3].pricePerHour == nil)
        var r = EstimateRequest(model: "llama-3.1-8b", tokens: 10_000_000, epochs: 1, method: .lora)
        r.provider = "generic-v1"
        let e = try planner.estimate(r, hardwareOptions: options)
        #expect(e.hardware?.fits == true)
        #expect(e.provider == "generic-v1")
        #expect(["gpu-a100-40gb", "gpu-a100-80gb", "gpu-a100-80gb-x4"].contains(e.hardware?.id ?? ""))
        #expect(throws: FTError.self) { try HardwareOption.providerOptions(json: Data("nope".utf8), provider: "x", catalog: planner.catalog) }
    }

    @Test(arguments: [("80GB", 80.0), ("24 GB", 24.0), ("80 GiB", 80.0), ("40960MiB", 40.0), ("0.5 TB", 512.0), ("48g", 48.0),
                      ("80", 80.0), (" 141 gb ", 141.0)])
    func memoryTextParses(text: String, gib: Double) {
        #expect(MemoryText.gib(text) == gib)
    }

    @Test(arguments: ["", "GB", "-24GB", "0GB", "1e999GB", "nanGB", "80 parsecs", "1.2.3GB", "99999999999999GB", ".GB", String(repeating: "9", count: 400)])
    func memoryTextRejects(text: String) {
        #expect(MemoryText.gib(text) == nil)
    }
}

