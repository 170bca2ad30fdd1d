import FTCore
import Foundation

/// What `JobSubmission.plan` found, before anything is sent: the files it read, the estimate, and
/// the create request exactly as `submit` will send it.
public struct SubmissionPlan: Sendable {
    /// A local file named by `--training-file` or `--validation-file`.
    public struct LocalFile: Sendable {
        public var field: JobField
        /// The one read's findings: size, SHA-256, validation, the cached id.
        public var prepared: DatasetUpload.Prepared
        /// What the request carries until the upload gives the file's id (none when cached).
        public var placeholder: String

        public var path: String { prepared.path }
        /// Nothing will be uploaded: the cache knows these bytes here (`submit` checks the server still has them).
        public var cachedID: String? { prepared.cachedID }
        public var willUpload: Bool { prepared.cachedID == nil }
    }

    /// The spec as checked, with the request id in its metadata where the provider keeps one and
    /// each local file replaced by its cached id or its placeholder.
    public var spec: JobSpec
    /// Ours, unique to this submission unless the caller gave one; after a failure that may have
    /// taken effect the job is looked up by it.
    public var requestID: String
    public var files: [LocalFile]
    /// The create, with the client's headers: byte for byte what `submit` sends, but for the
    /// placeholders of files still to upload.
    public var request: HTTPRequest
    /// Ours, offline; nil when it could not be made (`estimateProblem` says why).
    public var estimate: Estimate?
    public var estimateProblem: String?
    /// The provider's own price (Together's estimate-price), asked when its training file is
    /// already on the server; nil otherwise or when it could not say.
    public var providerEstimate: ProviderEstimate?

    /// The estimated cost, when there is one.
    public var cost: Cost? { estimate?.cost }
    /// The files `submit` will upload.
    public var uploads: [LocalFile] { files.filter(\.willUpload) }

    var endpoint: Endpoint<Job>
}

extension SubmissionPlan {
    /// Refuses (`.declined`) when the estimate is above `limit` USD, or when there is no estimate
    /// to hold to a limit. Checked before anything is uploaded.
    public func checkBudget(_ limit: Decimal) throws {
        guard let cost else {
            throw FTError(.declined, what: "budget", why: "the cost cannot be estimated: \(estimateProblem ?? "no estimate")",
                          hint: "Pass the training data as a local file, or leave the budget out.", setting: .budget)
        }
        guard cost.amount <= limit else {
            throw FTError(.declined, what: "budget",
                          why: "the estimate, \(NSDecimalNumber(decimal: cost.amount).stringValue) \(cost.currency), is above the budget of \(NSDecimalNumber(decimal: limit).stringValue) USD",
                          hint: "Raise the budget, or use fewer epochs or less data (the estimate shows the parts).", setting: .budget)
        }
    }

    /// Both budgets a job is held to before anything is uploaded: `maxCost` (`--max-cost`) and the
    /// profile's `monthly_budget` against this month's spend in `ledger`. A dry run is held to them
    /// too, so it ends as the real run would.
    public func checkBudgets(maxCost: Decimal?, monthlyBudget: Decimal?, ledger: SpendLedger, now: Date) throws {
        if let maxCost { try checkBudget(maxCost) }
        if let monthlyBudget {
            try SpendReport.checkMonthlyBudget(cost?.amount, budget: monthlyBudget, records: ledger.read().records, now: now)
        }
    }
}
