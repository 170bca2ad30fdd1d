import FineTuning
import Foundation

/// Writes the spend ledger as jobs are created and seen finished. A ledger that cannot be written
/// never stops the command: the user is told once, on stderr.
extension Session {
    var ledger: SpendLedger { SpendLedger(configPath: settings.configPath) }

    /// The estimate, the dataset's SHA-256 and the settings (secrets masked) of a job just created.
    func recordCreated(_ job: Job, plan: SubmissionPlan) {
        let redactor = context.secrets.redactor
        write { try $0.append(SpendLedger.estimate(of: job, plan: plan, profile: settings.profileName, now: Date(),
                                                    redact: redactor.redact(json:))) }
    }

    /// Records what the provider says finished jobs trained and cost. `onlyCreatedHere`: a
    /// listing records only the jobs ftctl created (it has their estimates).
    func recordFinished(_ jobs: [Job], onlyCreatedHere: Bool = false) {
        let profile = settings.profileName
        write { try $0.recordFinished(jobs.map { ($0, profile) }, onlyCreatedHere: onlyCreatedHere) }
    }

    func recordFinished(_ job: Job) { recordFinished([job]) }

    /// `--max-cost` and this profile's `monthly_budget`, before anything is uploaded (exit 7).
    func checkBudgets(_ plan: SubmissionPlan, maxCost: USDAmount?) throws {
        try plan.checkBudgets(maxCost: maxCost?.amount, monthlyBudget: settings.monthlyBudget, ledger: ledger, now: Date())
        // A job without an estimate counts as nothing against the month: said, not silently let through.
        if settings.monthlyBudget != nil, plan.cost == nil {
            note("warning: monthly_budget: this job is not counted, as its cost cannot be estimated (\(plan.estimateProblem ?? "no estimate"))")
        }
    }

    private func write(_ body: (SpendLedger) throws -> Void) {
        do { try body(ledger) } catch { note("warning: spend ledger not updated: \(error)") }
    }
}
