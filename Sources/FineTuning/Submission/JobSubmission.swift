import FTCore
import Foundation

/// Creating a job the way `ftctl jobs create` does, for any Swift program: `plan` checks the
/// provider's rules once, reads each local file once (validation, token counts and SHA-256 from the
/// same read), finds it in the upload cache, estimates the cost offline and builds the exact
/// create request; nothing is sent. `submit` uploads what the cache does not have (the file's
/// second and last read) and creates the job, looked up rather than sent twice after a lost answer.
///
///     let submission = JobSubmission(client: client, baseURL: url)
///     let plan = try await submission.plan(spec)
///     if let cost = plan.cost, cost.amount > 25 { return }
///     let job = try await submission.submit(plan)
public struct JobSubmission: Sendable {
    public let client: FTClient
    /// The address the upload cache files these bytes under.
    public var baseURL: String
    /// Where the tokenizers, catalogs and upload cache are found (the config folder).
    public var environment: [String: String]
    /// False: local files with errors are uploaded anyway (they are still read for counts).
    public var refuseInvalid = true
    /// False: local files are not checked at all, only hashed for the cache (no estimate then).
    public var checksFiles = true
    /// nil: every local file is uploaded.
    public var cache: UploadCache?
    /// nil: no estimate.
    public var estimator: JobEstimator?
    /// How the create is sent and recovered (its clock and waits can be injected).
    public var creator: JobCreator
    /// Told what happens, a sentence at a time (a reused upload, a stale cache entry, an upload's part).
    public var onNote: @Sendable (String) -> Void = { _ in }
    /// Which routes are closed, and from when.
    public var calendar = RouteCalendar()
    /// The time the calendar is read at.
    public var now: @Sendable () -> Date = { Date() }

    /// The standard cache and catalogs of `environment`'s config folder.
    public init(client: FTClient, baseURL: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.client = client
        self.baseURL = baseURL
        self.environment = environment
        cache = UploadCache.standard(environment: environment)
        estimator = try? JobEstimator.standard(environment: environment)
        creator = JobCreator(client: client)
    }

    /// Everything before sending: rules, each local file read once, the cache, the estimate and
    /// the request. Throws before any upload when a rule or a file fails.
    /// `requestID`: the id the create carries (a caller's idempotency key); nil draws a new one.
    public func plan(_ spec: JobSpec, requestID given: String? = nil) async throws -> SubmissionPlan {
        // A closed route is refused before any file is read or sent.
        for warning in try calendar.check(provider: client.provider.id, model: spec.model, now: now()) { onNote("warning: \(warning)") }
        try JobSpecRules.check(spec, for: client.provider.declaration)
        for line in JobSpecRules.notes(spec, for: client.provider.declaration) { onNote(line) }
        var spec = spec
        var files: [SubmissionPlan.LocalFile] = []
        for field in [JobField.trainingFile, .validationFile] {
            guard let value = spec[field]?.string, FileArgument.isLocalFile(value) else { continue }
            let prepared = try await datasetUpload(model: spec.model).prepare(path: value)
            let placeholder = "<upload:\((value as NSString).lastPathComponent)>"
            files.append(.init(field: field, prepared: prepared, placeholder: placeholder))
            spec[field] = .string(prepared.cachedID ?? placeholder)
        }
        // Drawn fresh unless given: two identical creates (two processes, a retry loop) must never
        // share one, or the look-up after a lost answer could take the other's job for its own.
        let requestID = given ?? creator.makeRequestID()
        spec = creator.tagged(spec, requestID: requestID)
        let endpoint = try Self.tagHeader(client.provider.createJob(spec), requestID: requestID)
        let (estimate, problem) = estimate(spec, training: files.first { $0.field == .trainingFile })
        var plan = SubmissionPlan(spec: spec, requestID: requestID, files: files, request: client.preview(endpoint.request),
                                  estimate: estimate, estimateProblem: problem, endpoint: endpoint)
        plan.providerEstimate = await providerEstimate(spec, files: files)
        return plan
    }

    /// Uploads what the cache does not have and creates the job. `progress` hears (path, sent,
    /// total) as each file goes out. Cancelling stops an upload cleanly (nothing of it is kept);
    /// once the create is on its way it is seen through, so its answer is never lost.
    public func submit(_ plan: SubmissionPlan,
                       progress: (@Sendable (_ path: String, _ sent: Int64, _ total: Int64) -> Void)? = nil) async throws -> Job {
        var spec = plan.spec
        var changed = false
        for file in plan.files {
            var upload = datasetUpload(model: spec.model)
            if let progress { upload.files.onProgress = { progress(file.path, $0, $1) } }
            let done = try await upload.send(file.prepared)
            if !done.reused { onNote("uploaded \(file.path) as \(done.file.id)") }
            if done.file.id != file.cachedID { changed = true }
            spec[file.field] = .string(done.file.id)
        }
        try Task.checkCancellation()
        let endpoint = changed ? try Self.tagHeader(client.provider.createJob(spec), requestID: plan.requestID) : plan.endpoint
        let creator = self.creator
        let tagged = spec
        // Not cancelled with the caller: a create cut off mid-way may exist with no one told its id.
        return try await Task { try await creator.send(endpoint, tagged: tagged, requestID: plan.requestID) }.value
    }

    /// The provider's own price where it has one and the files are already there (a file still to
    /// upload has no id yet). Its answer only informs: a failure leaves it out.
    private func providerEstimate(_ spec: JobSpec, files: [SubmissionPlan.LocalFile]) async -> ProviderEstimate? {
        guard client.provider.capabilities.contains(.estimatePrice), !files.contains(where: { $0.willUpload && $0.field == .trainingFile }) else {
            return nil
        }
        var asked = spec
        if files.contains(where: { $0.willUpload && $0.field == .validationFile }) { asked[.validationFile] = nil }
        return (try? await JobEstimator.providerPrice(asked, client: client))??.0
    }

    /// The request id also goes in the header OpenAI-style services log, so both name one attempt.
    private static func tagHeader(_ endpoint: Endpoint<Job>, requestID: String) -> Endpoint<Job> {
        var e = endpoint
        e.request.headers["X-Client-Request-Id"] = requestID
        return e
    }

    private func datasetUpload(model: String) -> DatasetUpload {
        var files = FileService(client: client)
        let note = onNote
        files.onPart = { n, count in note("uploading part \(n)/\(count)") }
        var upload = DatasetUpload(files: files, baseURL: baseURL)
        if checksFiles {
            var check = DatasetCheck(environment: environment)
            check.provider = client.provider.id
            check.model = model
            check.catalog = estimator?.planner.catalog
            upload.check = check
        }
        upload.refuseInvalid = refuseInvalid
        upload.cache = cache
        upload.onNote = onNote
        return upload
    }

    /// Ours, from the training file's counts; offline. Without counts or a price there is none,
    /// and the reason is kept for the budget's message.
    private func estimate(_ spec: JobSpec, training: SubmissionPlan.LocalFile?) -> (Estimate?, String?) {
        guard let estimator else { return (nil, "the catalogs could not be read") }
        var request = EstimateRequest(model: spec.model, epochs: spec[.epochs]?.int)
        request.provider = client.provider.declaration.pricedAs
        request.training = TrainingKind(jobMethod: spec.method)
        if request.training == .rft {
            // Billed per training hour, which no file count predicts: the rate and the graders, no total.
            request.graderModels = spec[.grader].map(Self.graderModels) ?? []
        } else {
            guard let training else { return (nil, "the training file is an id, so its tokens cannot be counted here") }
            guard let result = training.prepared.validation else { return (nil, "the training file was not checked, so its tokens were not counted") }
            JobEstimator.fill(&request, from: result)
        }
        do {
            var estimate = try estimator.planner.estimate(request, hardwareOptions: nil)
            JobEstimator.attribute(&estimate, to: client.provider.declaration)
            return (estimate, estimate.cost == nil ? estimate.costProblem ?? "no price is known for \(spec.model) on \(client.provider.id)" : nil)
        } catch let e as FTError {
            return (nil, e.why)
        } catch {
            return (nil, "\(error)")
        }
    }

    /// The models of the model graders in a grader (nested in a multi grader too): OpenAI's
    /// `score_model` and `label_model` graders name one in `model`.
    static func graderModels(_ grader: JSONValue) -> [String] {
        var found: [String] = []
        func walk(_ v: JSONValue) {
            if let o = v.object {
                if let type = o["type"]?.string, type.hasSuffix("_model"), let m = o["model"]?.string { found.append(m) }
                for (_, child) in o { walk(child) }
            } else if case .array(let items) = v {
                items.forEach(walk)
            }
        }
        walk(grader)
        return Array(Set(found)).sorted()
    }
}
