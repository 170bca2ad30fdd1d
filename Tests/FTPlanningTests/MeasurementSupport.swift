import Foundation
import FTCore
@testable import FTPlanning

/// One published run from Data/measurements.json (converted from research/memory-measurements.csv
/// by scripts/measurements_to_json.py; each row keeps its source URL).
struct MeasuredRun {
    var id: String
    var source: String
    var url: String
    var model: BaseModel?
    var excluded: String?
    var method: TrainingMethod?
    var gpus: Int
    var seqLen: Int?
    var batch: Int?
    /// The setup flags the source states (nil where it is silent).
    var given: TrainingSetup
    var measure: MemoryMeasure
    var measured: Double

    /// The framework whose defaults fill what the row does not state (a `--preset`).
    var preset: Preset? {
        if source.hasPrefix("litgpt") { return .litgpt }
        if source.hasPrefix("torchtune") { return .torchtune }
        if source.hasPrefix("peft") { return .peft }
        if source.hasPrefix("llamafactory") { return .llamafactory }
        if source.hasPrefix("unsloth") { return .unsloth }
        return nil
    }

    /// The job flags (model, method, sequence, micro-batch) are known, so a range can be computed.
    var hasJob: Bool { excluded == nil && model?.architecture != nil && method != nil && seqLen != nil && batch != nil }
    /// The setup flags that matter most are stated too, so a point estimate can be checked.
    var hasSetup: Bool { hasJob && given.precision != nil && given.optimizer != nil && given.activations != nil }

    /// The configuration `ftctl estimate` would use for the job flags alone.
    var base: MemoryConfig {
        var c = MemoryConfig(method: method ?? .lora)
        c.seqLen = seqLen ?? 2048
        c.microBatch = batch ?? 1
        c.gpus = gpus
        c.sharding = gpus > 1 ? .zero3 : .none
        return c
    }

    /// With the setup flags: the row's flags over its framework preset.
    var withSetup: MemoryConfig {
        var c = base
        let setup = preset.map { given.over($0.setup(method: c.method, gpus: gpus)) } ?? given
        setup.apply(to: &c)
        return c
    }

    static func load() throws -> [MeasuredRun] {
        guard let url = Bundle.module.url(forResource: "measurements", withExtension: "json", subdirectory: "Data"),
              let root = JSONValue.parse(try Data(contentsOf: url)), let rows = root["rows"]?.array else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try rows.map { r in
            func s(_ k: String) -> String? { r[k]?.string }
            func yes(_ k: String) -> Bool? { s(k).map { $0 == "yes" } }
            let model = try r["config"]?.object.map { try HFConfig.parse(root: $0, name: s("model") ?? "?") }
            var g = TrainingSetup()
            g.precision = s("precision").flatMap(Precision.init(rawValue:))
            g.optimizer = s("optimizer").flatMap { OptimizerKind(name: $0) }
            g.optimizerInBackward = yes("optimizer_in_backward")
            g.activations = s("activations").flatMap(ActivationMode.init(rawValue:))
            g.offload = s("offload").flatMap(Offload.init(rawValue:))
            g.sharding = s("sharding").flatMap { Sharding(name: $0) }
            g.chunkedLoss = yes("chunked_ce")
            g.eagerKernels = s("kernels").map { $0 == "eager" }
            g.loraRank = r["lora_rank"]?.int
            g.loraTargets = s("lora_targets").flatMap { LoRATargets(list: $0) }
            g.loraDropout = yes("lora_dropout")
            g.quantizedInputsKept = yes("bnb_keeps_inputs")
            return MeasuredRun(id: s("id") ?? "?", source: s("source") ?? "?", url: s("url") ?? "", model: model,
                               excluded: s("excluded"), method: s("method").flatMap(TrainingMethod.init(rawValue:)),
                               gpus: r["gpus"]?.int ?? 1, seqLen: r["seq_len"]?.int, batch: r["batch"]?.int, given: g,
                               measure: s("measured").flatMap(MemoryMeasure.init(rawValue:)) ?? .device,
                               measured: r["measured_gib"]?.double ?? .nan)
        }
    }
}

/// Per-source summaries for Docs/ESTIMATION.md.
enum MeasurementReport {
    struct Point { var run: MeasuredRun; var predicted: Double; var error: Double { (predicted - run.measured) / run.measured } }
    struct Covered { var run: MeasuredRun; var range: ClosedRange<Double>; var inside: Bool { range.contains(run.measured) } }

    static func points(_ runs: [MeasuredRun], _ k: PlanningConstants = .default) -> [Point] {
        runs.filter(\.hasSetup).compactMap { r in
            guard let a = r.model?.architecture else { return nil }
            return Point(run: r, predicted: MemoryModel.estimate(a, r.withSetup, constants: k).value(r.measure))
        }
    }

    static func coverage(_ runs: [MeasuredRun], _ k: PlanningConstants = .default) -> [Covered] {
        runs.filter(\.hasJob).compactMap { r in
            guard let a = r.model?.architecture else { return nil }
            let range = MemoryRange.estimate(a, base: r.base, given: TrainingSetup(), constants: k)
            return Covered(run: r, range: range.bounds(r.measure))
        }
    }

    static func coverageBySource(_ covered: [Covered]) -> [(source: String, inside: Int, rows: Int)] {
        Dictionary(grouping: covered, by: { family($0.run.source) }).map { (k, v) in
            (k, v.filter(\.inside).count, v.count)
        }.sorted { $0.source < $1.source }
    }

    static func bySource(_ points: [Point]) -> [(source: String, rows: Int, median: Double)] {
        Dictionary(grouping: points, by: { family($0.run.source) }).map { (k, v) in
            (k, v.count, Validation.median(v.map { abs($0.error) }))
        }.sorted { $0.source < $1.source }
    }

    /// Sources grouped by publisher (torchtune's README versions and tutorials are one publisher).
    static func family(_ source: String) -> String {
        for p in ["torchtune", "litgpt", "peft", "answerai", "llamafactory", "unsloth"] where source.hasPrefix(p) { return p }
        return source
    }

    static func markdown(_ points: [Point], _ covered: [Covered]) -> String {
        var out = "| publisher | rows with setup | median abs. error |\n|---|---:|---:|\n"
        for s in bySource(points) { out += "| \(s.source) | \(s.rows) | \(String(format: "%.1f%%", s.median * 100)) |\n" }
        out += "| **all** | \(points.count) | \(String(format: "%.1f%%", Validation.median(points.map { abs($0.error) }) * 100)) |\n\n"
        out += "| run | measured (kind) GiB | predicted GiB | error |\n|---|---:|---:|---:|\n"
        for p in points {
            out += "| \(p.run.id) \(p.run.model?.id ?? "") \(p.run.method?.rawValue ?? "") | \(String(format: "%.2f", p.run.measured)) (\(p.run.measure.rawValue)) | \(String(format: "%.2f", p.predicted)) | \(String(format: "%+.1f%%", p.error * 100)) |\n"
        }
        out += "\n| publisher | runs | inside the range |\n|---|---:|---:|\n"
        for c in coverageBySource(covered) { out += "| \(c.source) | \(c.rows) | \(c.inside) |\n" }
        let inside = covered.filter(\.inside).count
        out += "\nWithout setup flags: \(inside) of \(covered.count) measured values inside the predicted range (\(String(format: "%.0f%%", Double(inside) / Double(max(covered.count, 1)) * 100))).\n\n"
        out += "| run | measured GiB | range GiB | inside |\n|---|---:|---|---|\n"
        for c in covered {
            out += "| \(c.run.id) \(c.run.model?.id ?? "") \(c.run.method?.rawValue ?? "") | \(String(format: "%.2f", c.run.measured)) | \(String(format: "%.1f–%.1f", c.range.lowerBound, c.range.upperBound)) | \(c.inside ? "yes" : "**no**") |\n"
        }
        return out
    }
}
