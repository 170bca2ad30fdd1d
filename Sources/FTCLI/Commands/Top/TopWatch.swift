import FineTuning
import Foundation

/// What `top` adds to each row beyond the provider's answer: spend so far (from the ledger) and
/// the `--warn-if` rules that fired, each job's observations kept from poll to poll.
struct TopWatch {
    let rules: [WatchRule]
    let spend: JobSpend
    private var seen: [String: TrainingObservations] = [:]
    private var books: [String: RuleBook] = [:]
    private(set) var fired: [String: [String]] = [:]

    init(rules: [WatchRule], ledger: SpendLedger) {
        self.rules = rules
        spend = JobSpend(ledger.read().records)
    }

    mutating func observe(_ snapshot: JobBoard.Snapshot) {
        guard !rules.isEmpty else { return }
        for row in snapshot.rows {
            var o = seen[row.job.id] ?? TrainingObservations()
            o.observe(job: row.job, at: snapshot.taken)
            o.observe(metrics: row.metrics, at: snapshot.taken)
            seen[row.job.id] = o
            var book = books[row.job.id] ?? RuleBook(rules.map { ArmedRule($0, .warn) })
            for f in book.check(o, now: snapshot.taken, spentUSD: spend.spent(row.job)) { fired[row.job.id, default: []].append(f.rule.description) }
            books[row.job.id] = book
        }
    }

    /// The row with `spend` and `rules` added.
    func json(_ row: JobBoard.Row) -> JSONValue {
        var o = TopRows.json(row).object ?? JSONObject()
        o["spend"] = .string(spend.spent(row.job).map { "$" + Self.money($0) } ?? "-")
        o["rules"] = .string(fired[row.job.id].map { $0.joined(separator: ",") } ?? "-")
        return .object(o)
    }

    static func money(_ d: Decimal) -> String {
        var x = d, r = Decimal()
        NSDecimalRound(&r, &x, 2, .plain)
        return NSDecimalNumber(decimal: r).stringValue
    }
}
