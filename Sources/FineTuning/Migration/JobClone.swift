import FTCore
import FTPlanning
import Foundation

/// `ftctl jobs clone` as a use case: a recorded job (from its provider, or from an export after
/// the account is gone) re-created on another provider. The settings are translated by the field
/// table (`CloneTranslation`), the model kept, given, or suggested (`ModelSuccession`, used only
/// when accepted), the training data found locally (the export, the upload cache's record of
/// where the bytes came from, or downloaded once from the source) and then submitted exactly as
/// `jobs create` does: checked against the target's rules and tokenizer before any upload, and
/// uploaded once per target (its upload cache).
public struct JobClone: Sendable {
    /// The target's submission (its client, cache, catalogs and estimator).
    public var target: JobSubmission
    /// The source's client: fetches the job. nil for an export.
    public var source: FTClient?
    /// Local copies of the source's files.
    public var files: SourceFiles

    public init(target: JobSubmission, source: FTClient?, sourceBaseURL: String) {
        self.target = target
        self.source = source
        files = SourceFiles(source: source, baseURL: sourceBaseURL, environment: target.environment)
        files.onNote = target.onNote
    }

    /// What the model of the clone is to be.
    public enum ModelRequest: Sendable, Equatable {
        /// The source's model, when the target fine-tunes it; else a suggestion, if accepted.
        case keep
        /// The suggestion, whatever it is.
        case auto
        case given(String)
    }

    /// The job as recorded: from the source provider, or from an export folder.
    public func record(_ id: String, fromExport directory: String?) async throws -> RecordedJob {
        if let directory { return try RecordedJob.fromExport(directory, id: id) }
        guard let source else {
            throw FTError(.usage, what: "jobs clone", why: "no source to read job \(id) from", hint: "Name the export folder with --from DIR.")
        }
        return RecordedJob(job: try await source.send(try source.provider.getJob(id)))
    }

    /// Everything before sending: the translation, the model, local copies of the files, and
    /// the target's plan (its rules checked, nothing uploaded). `given`: fields from the command
    /// line, which win over the record. `accept`: asked whether to use a suggested model when the
    /// target does not fine-tune the source's.
    public func plan(_ recorded: RecordedJob, model request: ModelRequest = .keep, given: [JobField: JSONValue] = [:],
                     sets: [JobSpec.Override] = [], requestID: String? = nil,
                     accept: @Sendable (ModelSuccession.Suggestion) -> Bool = { _ in false }) async throws -> ClonePlan {
        let declaration = target.client.provider.declaration
        var translation = CloneTranslation(RecordedSettings(recorded), from: recorded.provider, to: declaration)
        translation.override(given.filter { $0.key != .model && $0.key != .trainingFile && $0.key != .validationFile })
        let (model, suggestion) = try chooseModel(recorded, request, accept: accept)
        // The target's rules first, so a field it lacks is named before anything is downloaded.
        var draft = JobSpec(model: model, trainingFile: recorded.trainingFile ?? "file")
        for (field, value) in translation.values { draft[field] = value }
        draft.overrides = sets
        try JobSpecRules.check(draft, for: declaration)
        let training: String
        if let path = given[.trainingFile]?.string {
            training = path
        } else {
            guard let id = recorded.trainingFile else {
                throw FTError(.invalidData, what: "job \(recorded.id)", why: "its record names no training file",
                              hint: "Pass --training-file PATH.")
            }
            training = try await files.localCopy(of: id, recorded)
        }
        var spec = JobSpec(model: model, trainingFile: training)
        for (field, value) in translation.values { spec[field] = value }
        if let v = given[.validationFile]?.string {
            spec.validationFile = v
        } else if let id = recorded.validationFile {
            spec.validationFile = try await files.localCopy(of: id, recorded)
        }
        spec.overrides = sets
        let submission = try await target.plan(spec, requestID: requestID)
        return ClonePlan(recorded: recorded, translation: translation, model: model, suggestion: suggestion, submission: submission,
                         sourceEstimate: await sourceEstimate(recorded, submission))
    }

    /// Uploads what the target does not have and creates the job there.
    public func submit(_ plan: ClonePlan, progress: (@Sendable (String, Int64, Int64) -> Void)? = nil) async throws -> Job {
        try await target.submit(plan.submission, progress: progress)
    }

    // MARK: The model

    func chooseModel(_ recorded: RecordedJob, _ request: ModelRequest,
                     accept: (ModelSuccession.Suggestion) -> Bool) throws -> (String, ModelSuccession.Suggestion?) {
        let targetID = target.client.provider.id.rawValue
        let original = recorded.model ?? ""
        switch request {
        case .given(let m): return (m, nil)
        case .keep where ModelSuccession.keeps(original, on: target.client.provider.declaration.schema) && !original.isEmpty:
            return (original, nil)
        default: break
        }
        switch ModelSuccession.suggest(for: original, on: targetID) {
        case .success(let s):
            if request == .auto || accept(s) { return (s.model, s) }
            throw FTError(.usage, what: "--model", why: "\(targetID) does not fine-tune \(original)",
                          hint: "Pass --model auto to use \(s.model) (\(s.reason)), or --model M.")
        case .failure(let f):
            let list = ModelSuccession.served[targetID]?.models.map(\.id).joined(separator: ", ")
            throw FTError(.usage, what: "--model", why: "\(targetID) does not fine-tune \(original.isEmpty ? "the recorded model" : original) and there is no suggestion: \(f.why)",
                          hint: list.map { "Pass --model M, e.g. one of: \($0)." } ?? "Pass --model M.")
        }
    }

    // MARK: Estimates

    /// What the same data would cost on the source, counted with the source model's tokenizer
    /// and priced with ftctl's own prices for its method (nil without them).
    func sourceEstimate(_ recorded: RecordedJob, _ plan: SubmissionPlan) async -> Estimate? {
        guard let estimator = target.estimator, let model = recorded.model,
              let path = plan.files.first(where: { $0.field == .trainingFile })?.path else { return nil }
        let settings = RecordedSettings(recorded)
        var request = EstimateRequest(model: model, epochs: settings.values[.epochs]?.int)
        request.provider = recorded.provider
        request.training = TrainingKind(jobMethod: settings.values[.method]?.string ?? "supervised")
        guard (try? await estimator.count(dataset: path, into: &request, environment: target.environment)) != nil else { return nil }
        return try? estimator.planner.estimate(request, hardwareOptions: nil)
    }
}

/// What `JobClone.plan` found: the translation, the model, and the target's plan (`--dry-run`
/// prints its request), with ftctl's estimate of the job on both sides.
public struct ClonePlan: Sendable {
    public var recorded: RecordedJob
    public var translation: CloneTranslation
    public var model: String
    /// Set when the model is a suggestion the user accepted.
    public var suggestion: ModelSuccession.Suggestion?
    public var submission: SubmissionPlan
    /// The same job on the source, priced by ftctl (nil where it has no price).
    public var sourceEstimate: Estimate?
}
