import FTCore
import Foundation

/// `models list` and `hardware list` where the provider has no such endpoint: the built-in
/// catalogs as records, each with its source.
public enum CatalogListing {
    /// `provider`: where the catalog names that provider's own models (Together's), those names,
    /// each with the catalog model it is counted and priced as.
    public static func models(_ catalog: Catalog, provider: String? = nil, calendar: RouteCalendar = RouteCalendar()) -> [Record] {
        if let provider, catalog.models.contains(where: { $0.providerModels?[provider] != nil }) {
            return catalog.models.flatMap { m -> [Record] in
                guard let named = m.providerModels?[provider] else { return [] }
                return named.ids.map { id in
                    Record(id: id, json: .object(JSONObject([
                        ("id", .string(id)), ("catalog_model", .string(m.id)),
                        ("parameters", m.publishedParams.map { JSONValue.int($0) } ?? .null), ("tokenizer", .string(m.tokenizer.rawValue)),
                        ("source", .string(named.source.url)), ("captured", .string(named.source.date)),
                    ])))
                }
            }
        }
        return catalog.models.map { m in
            let params = m.publishedParams.map { JSONValue.int($0) } ?? .null
            let dates = calendar.modelDates(m.id)
            func day(_ d: Date?) -> JSONValue { d.map { .string(RouteCalendar.day($0)) } ?? .null }
            return Record(id: m.id, json: .object(JSONObject([
                ("id", .string(m.id)), ("name", .string(m.name)), ("parameters", params),
                ("active_parameters", m.publishedActiveParams.map { .int($0) } ?? .null),
                ("max_context", .int(Int64(m.maxContext))), ("tokenizer", .string(m.tokenizer.rawValue)),
                ("hf_repo", m.hfRepo.map { .string($0) } ?? .null), ("source", .string(m.source.url)),
                ("no_new_jobs_from", day(dates?.noNewJobsFrom)), ("retired_on", day(dates?.retiredOn)),
            ])))
        }
    }

    public static func hardware(_ catalog: Catalog) -> [Record] {
        catalog.gpus.filter { $0.validationOnly != true }.map { g in
            // Per GPU-hour: a machine's price divided by its GPUs, or an override's per-GPU price.
            let prices = catalog.gpuHourPrices(gpu: g.id).map { ($0.provider, $0.usdPerGPUHour.value) }
                + catalog.machines(gpu: g.id).map { ($0.provider, $0.usdPerHour.value / Decimal($0.count)) }
            let cheapest = prices.min { $0.1 < $1.1 }
            return Record(id: g.id, json: .object(JSONObject([
                ("id", .string(g.id)), ("name", .string(g.name)), ("memory_gib", .double(g.memoryGiB)),
                ("bf16_tflops", .double(g.bf16DenseTFLOPS)), ("bandwidth_gbps", .double(g.memoryBandwidthGBps)),
                ("usd_per_gpu_hour", cheapest.map { .double((NSDecimalNumber(decimal: $0.1).doubleValue * 10_000).rounded() / 10_000) } ?? .null),
                ("price_from", cheapest.map { .string($0.0) } ?? .null), ("source", .string(g.source.url)),
            ])))
        }
    }
}
