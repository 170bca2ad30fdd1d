import Foundation
import FTCore

/// Reads the bundled catalog files and an optional override file.
public enum CatalogLoader {
    /// One file's shape; every section is optional so an override can carry only what it changes.
    struct File: Decodable {
        var models: [BaseModel]?
        var gpus: [GPUSpec]?
        var tokenPrices: [TokenPrice]?
        var gpuHourPrices: [GPUHourPrice]?
        var machines: [MachinePrice]?
        var tokenPriceRules: [TokenPriceRule]?

        enum CodingKeys: String, CodingKey {
            case models, gpus, machines
            case tokenPrices = "token_prices"
            case gpuHourPrices = "gpu_hour_prices"
            case tokenPriceRules = "token_price_rules"
        }

        var catalog: Catalog {
            Catalog(models: models ?? [], gpus: gpus ?? [], tokenPrices: tokenPrices ?? [], gpuHourPrices: gpuHourPrices ?? [],
                    machines: machines ?? [], tokenPriceRules: tokenPriceRules ?? [])
        }
    }

    /// The catalog shipped with the module, merged with the override file at `overridePath` if given.
    public static func load(overridePath: String? = nil) throws -> Catalog {
        var catalog = try bundled()
        if let overridePath {
            let url = URL(fileURLWithPath: overridePath)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw FTError(.fileMissing, what: "read catalog override \(overridePath)", why: "the file cannot be read",
                              hint: "Check the path.")
            }
            catalog = catalog.merging(try decode(data, name: overridePath))
        }
        return catalog
    }

    /// The bundled files only.
    public static func bundled() throws -> Catalog {
        var catalog = Catalog()
        for name in ["models", "gpus", "prices"] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
                throw FTError(.internalError, what: "load the built-in catalog", why: "\(name).json is missing from the bundle")
            }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw FTError(.io, what: "load the built-in catalog", why: "\(name).json cannot be read")
            }
            catalog = catalog.merging(try decode(data, name: "\(name).json"))
        }
        return catalog
    }

    /// Decodes and validates one catalog document.
    public static func decode(_ data: Data, name: String = "catalog") throws -> Catalog {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw FTError(.invalidData, what: "read catalog \(name)", why: describe(error),
                          hint: "Each section is a list: models, gpus, token_prices, gpu_hour_prices, machines.")
        }
        let catalog = file.catalog
        try validate(catalog, name: name)
        return catalog
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return "invalid JSON or value at \(path(c.codingPath)): \(c.debugDescription)"
        case DecodingError.keyNotFound(let k, let c): return "missing '\(k.stringValue)' at \(path(c.codingPath))"
        case DecodingError.typeMismatch(_, let c): return "wrong type at \(path(c.codingPath)): \(c.debugDescription)"
        case DecodingError.valueNotFound(_, let c): return "null at \(path(c.codingPath))"
        default: return "not a catalog document"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Rejects what would make arithmetic meaningless: non-finite, negative or zero sizes, negative prices.
    static func validate(_ c: Catalog, name: String) throws {
        func bad(_ what: String) -> FTError {
            FTError(.invalidData, what: "read catalog \(name)", why: what, hint: "Fix the entry or remove it.")
        }
        let limit = 1 << 40
        for m in c.models {
            guard !m.id.isEmpty else { throw bad("a model has an empty id") }
            guard m.maxContext > 0, m.maxContext <= limit else { throw bad("model \(m.id): max_context must be positive") }
            if let p = m.publishedParams, p < 0 { throw bad("model \(m.id): negative parameter count") }
            if let a = m.architecture {
                let dims = [a.layers, a.hidden, a.intermediate, a.heads, a.kvHeads, a.vocab, a.resolvedHeadDim]
                guard dims.allSatisfy({ $0 > 0 && $0 <= limit }) else { throw bad("model \(m.id): architecture sizes must be positive") }
                guard a.kvHeads <= a.heads else { throw bad("model \(m.id): more KV heads than heads") }
                if let moe = a.moe {
                    guard moe.experts > 0, moe.topK > 0, moe.topK <= moe.experts, moe.expertIntermediate > 0,
                          moe.experts <= 1 << 20, moe.expertIntermediate <= limit else {
                        throw bad("model \(m.id): invalid MoE sizes")
                    }
                }
            }
        }
        for g in c.gpus {
            guard !g.id.isEmpty else { throw bad("a GPU has an empty id") }
            for (label, v) in [("memory_gib", g.memoryGiB), ("bf16_dense_tflops", g.bf16DenseTFLOPS),
                               ("memory_bandwidth_gbps", g.memoryBandwidthGBps)] {
                guard v.isFinite, v > 0, v < 1e9 else { throw bad("GPU \(g.id): \(label) must be a positive finite number") }
            }
        }
        for p in c.tokenPrices where p.usdPer1MTokens.value.isNaN || p.usdPer1MTokens.value < 0 {
            throw bad("token price \(p.provider)/\(p.model) must be a non-negative number")
        }
        for p in c.gpuHourPrices where p.usdPerGPUHour.value.isNaN || p.usdPerGPUHour.value < 0 {
            throw bad("GPU-hour price \(p.provider)/\(p.gpu) must be a non-negative number")
        }
        for r in c.tokenPriceRules {
            for p in [r.usdPer1MTokens, r.usdPer1MTokensHigh, r.usdPerHour, r.minimumUSD].compactMap({ $0 })
            where p.value.isNaN || p.value < 0 {
                throw bad("token price rule \(r.provider)/\(r.training.rawValue) must be a non-negative number")
            }
        }
        for m in c.machines {
            guard !m.provider.isEmpty, !m.offer.isEmpty, !m.gpu.isEmpty else { throw bad("a machine has an empty provider, offer or gpu") }
            guard m.count >= 1, m.count <= 1024 else { throw bad("machine \(m.id): count must be 1 to 1024") }
            guard !m.usdPerHour.value.isNaN, m.usdPerHour.value >= 0 else { throw bad("machine \(m.id): price must be a non-negative number") }
        }
    }
}
