import FTCore
import Foundation

/// Watches one job against rules while a wait or a follow runs beside it: polls the job (and its
/// metrics when a rule reads them), tells each firing, and on a cancel rule cancels the job
/// (idempotent) and ends with that firing. Ends with nil when the job ends by itself.
public struct RuleWatcher: Sendable {
    public let client: FTClient
    public var book: RuleBook
    public var interval: Double
    /// Spend so far for the `cost` rule; nil: unknown (the rule then never fires, and says so once).
    public var spend: @Sendable (Job) -> Decimal? = { _ in nil }
    public var sleep: @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }
    public var now: @Sendable () -> Date = { Date() }

    public init(client: FTClient, rules: [ArmedRule], interval: Double = 10) {
        self.client = client
        book = RuleBook(rules)
        self.interval = interval
    }

    /// `onFiring` hears each rule that fires (a cancel rule before the job is cancelled);
    /// `onNote` a sentence about the watch itself (a rule it cannot evaluate).
    public func run(jobID: String, onFiring: @Sendable (RuleFiring) -> Void,
                    onNote: @Sendable (String) -> Void = { _ in }) async throws -> RuleFiring? {
        var book = self.book
        var seen = TrainingObservations()
        var toldNoSpend = false
        while true {
            let job = try await client.send(try client.provider.getJob(jobID))
            let at = now()
            seen.observe(job: job, at: at)
            if job.status.isTerminal { return nil }
            if book.needsMetrics, job.status == .running { try await readMetrics(jobID, into: &seen, at: at) }
            let spent = book.needsCost ? spend(job) : nil
            if book.needsCost, spent == nil, !toldNoSpend {
                toldNoSpend = true
                onNote("the cost rule cannot be checked for job \(jobID): its spend so far is unknown (no estimate or price for it)")
            }
            for firing in book.check(seen, now: at, spentUSD: spent) {
                onFiring(firing)
                if firing.action == .cancel {
                    _ = try await JobActions(client: client).perform(.cancel, jobID: jobID)
                    return firing
                }
            }
            try await sleep(interval)
        }
    }

    /// The newest metrics: the provider's metrics endpoint, else its latest events (which also
    /// show progress), else its checkpoints' metrics.
    private func readMetrics(_ jobID: String, into seen: inout TrainingObservations, at: Date) async throws {
        let caps = client.provider.capabilities
        if caps.contains(.jobMetrics) || !caps.contains(.listEvents) {
            seen.observe(metrics: try await MetricsService(client: client).metrics(jobID: jobID), at: at)
        } else {
            seen.observe(events: try await EventLog(client: client).events(jobID: jobID, tail: 200), at: at)
        }
    }
}

/// Spend so far from an estimate of the whole job: its cost × the fraction of steps done.
public struct SpendMeter: Sendable {
    public var total: Decimal?

    public init(total: Decimal?) {
        self.total = total
    }

    public func spent(_ job: Job) -> Decimal? {
        guard let total else { return nil }
        if job.status == .succeeded { return total }
        guard let f = job.progress?.fraction, f.isFinite else { return nil }
        return total * Decimal(max(0, min(1, f)))
    }
}
