import FTCore
import Foundation

/// `ftctl spend`: estimated and actual spend per provider, model or profile, one line per job's
/// latest figures.
public enum SpendReport {
    public enum GroupBy: String, Sendable, CaseIterable { case provider, model, profile, job }

    public struct Row: Sendable, Equatable {
        public var group: String
        public var jobs: Int
        public var estimatedUSD: Decimal
        public var actualUSD: Decimal
        /// Jobs with an actual figure (the others have not finished or their provider gives none).
        public var jobsWithActual: Int
    }

    /// One job's latest estimate and actual figures.
    public struct JobLine: Sendable, Equatable {
        public var jobID: String
        public var provider: String
        public var model: String?
        public var profile: String?
        public var estimatedUSD: Decimal?
        public var actualUSD: Decimal?
        /// "provider" or "trained_tokens": where the actual cost came from.
        public var actualBasis: String?
        public var estimatedTokens: Int?
        public var trainedTokens: Int?
        public var status: String?
        public var datasetSHA256: String?
        public var spec: JSONObject?
        public var created: Date
    }

    /// Every job with a record since `since`, oldest first. The latest actual with a cost wins
    /// over a later one without (a listing may know less than `jobs get` did).
    public static func jobs(_ records: [SpendLedger.Record], since: Date?) -> [JobLine] {
        var estimate: [String: SpendLedger.Record] = [:]
        var actual: [String: SpendLedger.Record] = [:]
        for r in records where since.map({ r.time >= $0 }) ?? true {
            switch r.kind {
            case .estimate: estimate[r.jobID] = r
            case .actual: if r.usd != nil || actual[r.jobID]?.usd == nil { actual[r.jobID] = r }
            }
        }
        return Set(estimate.keys).union(actual.keys).map { id in
            let e = estimate[id], a = actual[id], base = e ?? a!
            return JobLine(jobID: id, provider: base.provider, model: e?.model ?? a?.model, profile: e?.profile ?? a?.profile,
                           estimatedUSD: e?.usd, actualUSD: a?.usd, actualBasis: a?.usdBasis, estimatedTokens: e?.trainedTokens,
                           trainedTokens: a?.trainedTokens, status: a?.status, datasetSHA256: e?.datasetSHA256, spec: e?.spec,
                           created: base.time)
        }.sorted { ($0.created, $0.jobID) < ($1.created, $1.jobID) }
    }

    public static func rows(_ records: [SpendLedger.Record], since: Date?, by: GroupBy) -> [Row] {
        var groups: [String: Row] = [:]
        for line in jobs(records, since: since) {
            let key: String
            switch by {
            case .provider: key = line.provider
            case .model: key = line.model ?? "-"
            case .profile: key = line.profile ?? "-"
            case .job: key = line.jobID
            }
            var row = groups[key] ?? Row(group: key, jobs: 0, estimatedUSD: 0, actualUSD: 0, jobsWithActual: 0)
            row.jobs += 1
            row.estimatedUSD += line.estimatedUSD ?? 0
            if let a = line.actualUSD { row.actualUSD += a; row.jobsWithActual += 1 }
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
                          hint: "Raise monthly_budget (ftctl config set monthly_budget N), or make the job smaller.")
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
