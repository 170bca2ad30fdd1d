import FTCore
import Foundation

/// The records ftctl adds to the spend ledger: a job's estimate when it is created, and what it
/// really trained and cost once it is seen finished.
extension SpendLedger {
    /// The estimate of a job just created from `plan`: the expected cost, the per-token rate, the
    /// training file's SHA-256 and the create settings (file fields as the job names them), each
    /// value passed through `redact` so no secret reaches the file.
    public static func estimate(of job: Job, plan: SubmissionPlan, profile: String?, now: Date,
                                redact: (JSONValue) -> JSONValue) -> Record {
        let e = plan.estimate
        var r = Record(kind: .estimate, jobID: job.id, provider: job.provider, model: job.model ?? e?.model, profile: profile,
                       time: now, usd: e?.costRange?.expected ?? e?.cost?.amount, trainedTokens: e?.billedTokens)
        r.usdPer1MTokens = e?.usdPer1MTokens
        r.datasetSHA256 = plan.files.first { $0.field == .trainingFile }?.prepared.sha256
        var spec = plan.spec
        if let id = job.trainingFile { spec[.trainingFile] = .string(id) }
        if let id = job.validationFile { spec[.validationFile] = .string(id) }
        var o = JSONObject(spec.setFields.map { ($0.field.name, redact($0.value)) })
        if !spec.overrides.isEmpty {
            o["set"] = .object(JSONObject(spec.overrides.map { ($0.path, redact($0.value)) }))
        }
        r.spec = o
        return r
    }

    /// The actual records worth adding for `seen` jobs: finished ones whose status, trained tokens
    /// or cost the ledger does not have yet. The cost is what the job says it cost; else, for a job
    /// billed per token, its trained tokens × the rate its estimate used. `onlyCreatedHere` keeps
    /// jobs the ledger has an estimate for (a listing shows every job of the account).
    public static func actuals(for seen: [(job: Job, profile: String?)], records: [Record], onlyCreatedHere: Bool,
                               now: Date) -> [Record] {
        var estimates: [String: Record] = [:], actuals: [String: [Record]] = [:]
        for r in records {
            switch r.kind {
            case .estimate: estimates[r.jobID] = r
            case .actual: actuals[r.jobID, default: []].append(r)
            }
        }
        var out: [Record] = []
        for (job, profile) in seen where job.status.isTerminal {
            let estimate = estimates[job.id]
            if onlyCreatedHere && estimate == nil { continue }
            var r = Record(kind: .actual, jobID: job.id, provider: job.provider, model: job.model ?? estimate?.model,
                           profile: profile ?? estimate?.profile, time: now, usd: nil, trainedTokens: job.trainedTokens,
                           status: job.status.rawValue)
            if let usd = SpendReport.actualUSD(job) {
                r.usd = usd
                r.usdBasis = "provider"
            } else if let tokens = job.trainedTokens, let rate = estimate?.usdPer1MTokens {
                r.usd = CostModel.perToken(billedTokensPerEpoch: tokens, epochs: 1, usdPer1M: rate).amount
                r.usdBasis = "trained_tokens"
            }
            let known = (actuals[job.id] ?? []) + out.filter { $0.jobID == job.id }
            let adds = !known.contains { k in
                k.status == r.status && (r.trainedTokens == nil || r.trainedTokens == k.trainedTokens) && (r.usd == nil || r.usd == k.usd)
            }
            if adds { out.append(r) }
        }
        return out
    }

    /// Reads the ledger once and appends what `actuals` finds new, in one write.
    public func recordFinished(_ seen: [(job: Job, profile: String?)], onlyCreatedHere: Bool, now: Date = Date()) throws {
        guard seen.contains(where: { $0.job.status.isTerminal }) else { return }
        try append(Self.actuals(for: seen, records: read().records, onlyCreatedHere: onlyCreatedHere, now: now))
    }
}
