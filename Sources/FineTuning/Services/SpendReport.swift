import FTCore
import Foundation

/// `ftctl spend`: estimated and actual spend per provider, model or profile, one line per job's
/// latest figures.
public enum SpendReport {
    public enum GroupBy: String, Sendable, CaseIterable { case provider, model, profile }

    public struct Row: Sendable, Equatable {
        public var group: String
        public var jobs: Int
        public var estimatedUSD: Decimal
        public var actualUSD: Decimal
        /// Jobs with an actual figure (the others have not finished or their provider gives none).
        public var jobsWithActual: Int
    }

    public static func rows(_ records: [SpendLedger.Record], since: Date?, by: GroupBy) -> [Row] {
        var estimate: [String: SpendLedger.Record] = [:]
        var actual: [String: SpendLedger.Record] = [:]
        for r in records where since == nil || r.time >= since! {
            switch r.kind {
            case .estimate: estimate[r.jobID] = r
            case .actual: actual[r.jobID] = r  // the latest report wins
            }
        }
        var groups: [String: Row] = [:]
        for id in Set(estimate.keys).union(actual.keys) {
            let base = estimate[id] ?? actual[id]!
            let key: String
            switch by {
            case .provider: key = base.provider
            case .model: key = base.model ?? "-"
            case .profile: key = base.profile ?? "-"
            }
            var row = groups[key] ?? Row(group: key, jobs: 0, estimatedUSD: 0, actualUSD: 0, jobsWithActual: 0)
            row.jobs += 1
            row.estimatedUSD += estimate[id]?.usd ?? 0
            if let a = actual[id]?.usd { row.actualUSD += a; row.jobsWithActual += 1 }
            groups[key] = row
        }
        return groups.values.sorted { $0.group < $1.group }
    }

    /// The median actual/estimated ratio of the user's finished jobs with this provider and model,
    /// with how many jobs it rests on; nil with fewer than `minimum` such jobs.
    public static func correction(_ records: [SpendLedger.Record], provider: String, model: String, minimum: Int = 2) -> (factor: Decimal, jobs: Int)? {
        var estimate: [String: Decimal] = [:]
        var actual: [String: Decimal] = [:]
        for r in records where r.provider.lowercased() == provider.lowercased() && r.model == model {
            guard let usd = r.usd else { continue }
            if r.kind == .estimate, usd > 0 { estimate[r.jobID] = usd }
            if r.kind == .actual { actual[r.jobID] = usd }
        }
        let ratios = estimate.compactMap { id, e in actual[id].map { $0 / e } }.sorted()
        guard ratios.count >= max(minimum, 1) else { return nil }
        let mid = ratios.count / 2
        let median = ratios.count % 2 == 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2
        return (median, ratios.count)
    }

    /// This calendar month's (UTC) spend: each job's actual cost where known, else its estimate.
    public static func spentThisMonth(_ records: [SpendLedger.Record], now: Date) -> Decimal {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        guard let start = cal.dateInterval(of: .month, for: now)?.start else { return 0 }
        let recent = records.filter { $0.time >= start }
        var estimate: [String: Decimal] = [:], actual: [String: Decimal] = [:]
        for r in recent { if let usd = r.usd { if r.kind == .estimate { estimate[r.jobID] = usd } else { actual[r.jobID] = usd } } }
        return Set(estimate.keys).union(actual.keys).reduce(Decimal(0)) { $0 + (actual[$1] ?? estimate[$1] ?? 0) }
    }

    /// Refuses (`.declined`, exit 7) a job whose estimate would take the month's spend above `budget`.
    public static func checkMonthlyBudget(_ estimate: Decimal?, budget: Decimal, records: [SpendLedger.Record], now: Date) throws {
        let spent = spentThisMonth(records, now: now)
        let cost = estimate ?? 0
        guard spent + cost <= budget else {
            func s(_ d: Decimal) -> String { NSDecimalNumber(decimal: d).stringValue }
            throw FTError(.declined, what: "monthly budget",
                          why: "this month's spend, \(s(spent)) USD, plus this job's estimate, \(s(cost)) USD, is above the profile's monthly_budget of \(s(budget)) USD",
                          hint: "Raise monthly_budget (ftctl config set monthly_budget N), or make the job smaller.", setting: .budget)
        }
    }

    /// The actual figure a provider gives for a finished job: the adapter's reading (Together's
    /// `total_price` is in nano-dollars), or a `cost` in dollars.
    public static func actualUSD(_ job: Job) -> Decimal? {
        if let usd = job.costUSD { return usd }
        for key in ["cost", "actual_cost"] {
            if let v = job.raw?[key], let d = v.double, d.isFinite, d >= 0 { return Decimal(string: String(d)) }
        }
        return nil
    }
}
