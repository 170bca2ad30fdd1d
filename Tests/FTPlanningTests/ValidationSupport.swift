import Foundation
@testable import FTPlanning

/// One published run from Data/validation.json.
struct ValidationRow: Decodable {
    var id: String
    var source: String
    var url: String
    var model: String
    var architecture: Architecture?
    var method: TrainingMethod
    var precision: Precision
    var optimizer: String
    var lora_rank: Int
    var lora_targets: LoRATargets
    var quant_bits: Int
    var seq_len: Int
    var micro_batch: Int
    var grad_accum: Int
    var gradient_checkpointing: Bool
    var attention: AttentionKernel
    var chunked_loss: Bool
    var optimizer_in_backward: Bool
    var gpu: String
    var gpus: Int
    var sharding: String
    var published_memory_gib: Double?
    var published_seconds_per_iter: Double?
    var published_tokens_per_second: Double?
    var tokens_per_iter: Int?
    var note: String

    func arch(_ catalog: Catalog) throws -> Architecture {
        if let architecture { return architecture }
        guard let a = try catalog.model(model).architecture else { throw CocoaError(.coderValueNotFound) }
        return a
    }

    var memoryConfig: MemoryConfig {
        var c = MemoryConfig(method: method)
        c.precision = precision
        c.quantBits = quant_bits
        c.loraRank = lora_rank
        c.loraTargets = lora_targets
        c.optimizer = OptimizerKind(name: optimizer) ?? .adamw
        c.seqLen = seq_len
        c.microBatch = micro_batch
        c.gradientCheckpointing = gradient_checkpointing
        c.attention = attention
        c.gpus = gpus
        c.sharding = Sharding(name: sharding) ?? .none
        c.chunkedLoss = chunked_loss
        c.optimizerInBackward = optimizer_in_backward
        return c
    }

    var timeConfig: TimeConfig {
        var t = TimeConfig(method: method)
        t.loraRank = lora_rank
        t.loraTargets = lora_targets
        t.seqLen = seq_len
        t.microBatch = micro_batch
        t.gradientCheckpointing = gradient_checkpointing
        t.gpus = gpus
        return t
    }

    /// The published figure as tokens per second of the whole job.
    var publishedTokensPerSecond: Double? {
        if let t = published_tokens_per_second { return t }
        if let s = published_seconds_per_iter, let n = tokens_per_iter, s > 0 { return Double(n) / s }
        return nil
    }
}

struct ValidationResult {
    var row: ValidationRow
    var predicted: Double
    var published: Double
    var error: Double { (predicted - published) / published }
}

enum Validation {
    static func rows() throws -> [ValidationRow] {
        guard let url = Bundle.module.url(forResource: "validation", withExtension: "json", subdirectory: "Data") else {
            throw CocoaError(.fileNoSuchFile)
        }
        struct File: Decodable { var rows: [ValidationRow] }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).rows
    }

    static func memory(_ catalog: Catalog, _ k: PlanningConstants = .default) throws -> [ValidationResult] {
        try rows().compactMap { r in
            guard let pub = r.published_memory_gib else { return nil }
            let m = MemoryModel.estimate(try r.arch(catalog), r.memoryConfig, constants: k)
            return ValidationResult(row: r, predicted: m.total, published: pub)
        }
    }

    static func throughput(_ catalog: Catalog, _ k: PlanningConstants = .default) throws -> [ValidationResult] {
        try rows().compactMap { r in
            guard let pub = r.publishedTokensPerSecond, let gpu = catalog.gpu(r.gpu) else { return nil }
            let t = TimeModel.estimate(try r.arch(catalog), r.timeConfig, gpu: gpu, tokens: 1, constants: k)
            return ValidationResult(row: r, predicted: t.tokensPerSecond, published: pub)
        }
    }

    /// Results grouped by publisher (the row id's first part: qwen-readme, torchtune…, answerai).
    static func bySource(_ results: [ValidationResult]) -> [(source: String, rows: Int, median: Double, signed: Double)] {
        Dictionary(grouping: results) { r -> String in
            let head = String(r.row.id.prefix { $0 != "/" })
            return head.hasPrefix("torchtune") ? "torchtune" : head
        }.map { (k, v) in (k, v.count, median(v.map { abs($0.error) }), median(v.map(\.error))) }
         .sorted { $0.source < $1.source }
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// A Markdown table of the results, for Docs/ESTIMATION.md.
    static func table(_ results: [ValidationResult], unit: String) -> String {
        var out = "| run | published \(unit) | predicted \(unit) | error |\n|---|---:|---:|---:|\n"
        for r in results {
            out += "| \(r.row.id) | \(String(format: "%.1f", r.published)) | \(String(format: "%.1f", r.predicted)) | \(String(format: "%+.1f%%", r.error * 100)) |\n"
        }
        return out
    }
}
