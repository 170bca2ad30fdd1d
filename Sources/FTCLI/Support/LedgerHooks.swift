import FineTuning
import Foundation

/// Writes the spend ledger as jobs are created and seen finished. A ledger that cannot be written
/// never stops the command: the user is told once, on stderr.
extension Session {
    var ledger: SpendLedger { SpendLedger(configPath: settings.configPath) }

    func recordCreated(_ job: Job, estimate: FTPlanning.Estimate?) {
        let r = SpendLedger.Record(kind: .estimate, jobID: job.id, provider: job.provider, model: job.model ?? estimate?.model,
                                   profile: settings.profileName, time: Date(), usd: estimate?.costRange?.expected ?? estimate?.cost?.amount,
                                   trainedTokens: estimate?.billedTokens)
        write(r)
    }

    /// Records what the provider says a finished job trained and cost (once seen terminal).
    func recordFinished(_ job: Job) {
        guard job.status.isTerminal else { return }
        // Seen finished before with the same figures: nothing new to record.
        if ledger.read().records.contains(where: { $0.kind == .actual && $0.jobID == job.id && $0.status == job.status.rawValue
            && $0.trainedTokens == job.trainedTokens }) { return }
        let r = SpendLedger.Record(kind: .actual, jobID: job.id, provider: job.provider, model: job.model, profile: settings.profileName,
                                   time: Date(), usd: SpendReport.actualUSD(job), trainedTokens: job.trainedTokens,
                                   status: job.status.rawValue)
        write(r)
    }

    private func write(_ r: SpendLedger.Record) {
        do { try ledger.append(r) } catch { note("warning: spend ledger not updated: \(error)") }
    }
}
