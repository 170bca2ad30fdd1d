import FineTuning
import Foundation

/// Scales an estimate's cost by what the user's own finished jobs with the same provider and model
/// really cost against their estimates, and says so.
enum LedgerCorrection {
    static func apply(to e: inout FTPlanning.Estimate, ledger: SpendLedger) {
        guard let provider = e.provider, let cost = e.cost,
              let c = SpendReport.correction(ledger.read().records, provider: provider, model: e.model) else { return }
        func scaled(_ d: Decimal) -> Decimal {
            var x = d * c.factor, out = Decimal()
            NSDecimalRound(&out, &x, 6, .plain)
            return out
        }
        e.cost?.amount = scaled(cost.amount)
        e.costRange = e.costRange?.map(scaled)
        e.assumptions.append("corrected × \(NSDecimalNumber(decimal: scaled(c.factor)).stringValue): the median actual/estimated cost of your \(c.jobs) finished \(provider) jobs with \(e.model) (spend ledger \(ledger.path))")
    }
}
