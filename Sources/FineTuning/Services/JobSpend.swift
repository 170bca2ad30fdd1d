import FTCore
import Foundation

/// Spend so far of jobs ftctl created, from the ledger: what the job really cost once it said so,
/// else its estimate × the fraction of steps done. Nil for a job the ledger has no figure for.
public struct JobSpend: Sendable {
    private let estimates: [String: Decimal]
    private let actuals: [String: Decimal]

    public init(_ records: [SpendLedger.Record]) {
        var estimates: [String: Decimal] = [:], actuals: [String: Decimal] = [:]
        for r in records {
            guard let usd = r.usd else { continue }
            switch r.kind {
            case .estimate: estimates[r.jobID] = usd
            case .actual: actuals[r.jobID] = usd
            }
        }
        self.estimates = estimates
        self.actuals = actuals
    }

    public func spent(_ job: Job) -> Decimal? {
        if let actual = actuals[job.id] { return actual }
        return SpendMeter(total: estimates[job.id]).spent(job)
    }
}
