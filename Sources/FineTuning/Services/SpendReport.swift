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

    /// The actual figure a provider gives for a finished job: Together's `total_price`, or a `cost`.
    public static func actualUSD(_ job: Job) -> Decimal? {
        for key in ["total_price", "cost", "actual_cost"] {
            if let v = job.raw?[key], let d = v.double, d.isFinite, d >= 0 { return Decimal(string: String(d)) }
        }
        return nil
    }
}
