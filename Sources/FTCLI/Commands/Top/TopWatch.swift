import FineTuning
import Foundation

/// What `top` adds to each row beyond the provider's answer: spend so far (from the ledger) and
/// the `--warn-if` rules that fired, each job's observations kept from poll to poll. Finished jobs
/// ftctl created go to the ledger with what their rows say (no extra request).
struct TopWatch {
    let rules: [WatchRule]
    let ledger: SpendLedger
    private(set) var spend: JobSpend
    private var seen: [String: TrainingObservations] = [:]
    private var books: [String: RuleBook] = [:]
    private(set) var fired: [String: [String]] = [:]
    /// Finished rows already given to the ledger by this process (id, status, tokens).
    private var recorded: Set<String> = []
    /// Told when the ledger cannot be written.
    var onNote: @Sendable (String) -> Void = { _ in }

    init(rules: [WatchRule], ledger: SpendLedger) {
        self.rules = rules
        self.ledger = ledger
        spend = JobSpend(ledger.read().records)
    }

    mutating func observe(_ snapshot: JobBoard.Snapshot) {
        record(snapshot.rows.map(\.job).filter { $0.status.isTerminal && !recorded.contains(Self.key($0)) })
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

    private static func key(_ job: Job) -> String { "\(job.provider)|\(job.id)|\(job.status.rawValue)|\(job.trainedTokens ?? -1)" }

    private mutating func record(_ finished: [Job]) {
        guard !finished.isEmpty else { return }
        do {
            try ledger.recordFinished(finished.map { ($0, nil) }, onlyCreatedHere: true, now: Date())
            recorded.formUnion(finished.map(Self.key))
            spend = JobSpend(ledger.read().records)
        } catch {
            onNote("warning: spend ledger not updated: \(error)")
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
