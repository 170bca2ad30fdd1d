import FTCore
import Foundation

/// Creates a job without making a duplicate or losing one. A create is never re-sent blindly: the
/// job carries a request id of ours (in `metadata` where the declaration has it), and after a failure
/// that may have taken effect (the connection broke after sending, a timeout, a 5xx, an answer
/// cut short) the recent jobs are searched for it before the create goes out again. None of the
/// providers' documents offers an idempotency key for jobs, so none is sent.
public struct JobCreator: Sendable {
    public let client: FTClient
    /// Waits between attempts (the transport's own retries come first). Injected for tests.
    public var sleep: @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }
    public var now: @Sendable () -> Date = { Date() }
    public var makeRequestID: @Sendable () -> String = { "ftctl-" + UUID().uuidString.lowercased() }
    /// How far a server's clock may be behind ours when jobs are matched by their fields.
    public var clockSkew: Double = 60

    public static let metadataKey = "ftctl_request_id"

    public init(client: FTClient) {
        self.client = client
    }

    /// The spec with the request id added where the provider keeps it; unchanged where it has no
    /// place for one (then the job is found by its fields and creation time).
    public func tagged(_ spec: JobSpec, requestID: String) -> JobSpec {
        guard Self.canTag(spec, declaration: client.provider.declaration) else { return spec }
        var out = spec
        var meta = spec[.metadata]?.object ?? JSONObject()
        meta[Self.metadataKey] = .string(requestID)
        out[.metadata] = .object(meta)
        return out
    }

    static func canTag(_ spec: JobSpec, declaration: ProviderDeclaration) -> Bool {
        guard !JobField.metadata.wire.paths(declaration.schema).isEmpty else { return false }
        return (spec[.metadata]?.object?.entries.count ?? 0) < 16
    }

    public func create(_ spec: JobSpec) async throws -> Job {
        let requestID = makeRequestID()
        let spec = tagged(spec, requestID: requestID)
        return try await send(try client.provider.createJob(spec), tagged: spec, requestID: requestID)
    }

    /// Sends a create built from `spec` (already tagged with `requestID`), with the same recovery.
    public func send(_ endpoint: Endpoint<Job>, tagged spec: JobSpec, requestID: String) async throws -> Job {
        let started = now()
        // The job may exist after a failure: it is looked up before sending again.
        return try await Recovery.send(retries: client.maxRetries, sleep: sleep, { try await client.send(endpoint) },
                                       mayHaveTakenEffect: Self.mayHaveTakenEffect,
                                       lookUp: { try await lookUp(spec, requestID: requestID, since: started) },
                                       lookupFailed: { Self.unknownOutcome($0, lookup: $1, requestID: requestID) })
    }

    /// A failure after which the job may exist: the request went out and no clear answer came back.
    public static func mayHaveTakenEffect(_ e: FTError) -> Bool {
        if e.neverSent { return false }
        switch e.code {
        case .network, .timeout, .badResponse: return true
        case .unavailable: return (e.httpStatus ?? 0) >= 500
        default: return false
        }
    }

    /// Our job among the recent ones: by request id where it was tagged, else the newest job made
    /// since `since` with the same model, training file, name and suffix.
    public func lookUp(_ spec: JobSpec, requestID: String, since: Date) async throws -> Job? {
        let provider = client.provider
        let tagged = Self.canTag(spec, declaration: provider.declaration)
        var query = JobQuery(limit: provider.declaration.maxPageSize)
        if tagged, provider.declaration.listFilters.contains(.metadata) {
            query.metadata = [(Self.metadataKey, requestID)]
        }
        let page = try await client.send(try provider.listJobs(query))
        let earliest = since.addingTimeInterval(-clockSkew)
        if tagged {
            // A caller may reuse an id of its own across runs: only a job made since this attempt
            // began is this attempt's (one with no time is trusted).
            return page.items.first {
                $0.metadata?[Self.metadataKey]?.string == requestID && ($0.createdAt.map { $0 >= earliest } ?? true)
            }
        }
        let name = spec[.name]?.string
        let suffix = spec[.suffix]?.string
        return page.items.filter { job in
            job.model == spec.model && job.trainingFile == spec.trainingFile
                && (name == nil || job.name == name)
                && (suffix == nil || job.raw?["suffix"]?.string == suffix || job.name?.contains(suffix ?? "") == true)
                && (job.createdAt.map { $0 >= earliest } ?? false)
        }.max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
    }

    /// The create may have worked and the lookup failed too: say so, with the id to look for.
    static func unknownOutcome(_ failure: FTError, lookup: FTError, requestID: String) -> FTError {
        var e = failure
        e.why = "\(failure.why), and looking the job up failed too (\(lookup.why)), so it may or may not have been created"
        e.hint = "Run `ftctl jobs list` before creating it again; it carries metadata \(metadataKey)=\(requestID) where the provider keeps metadata."
        return e
    }
}
