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

    /// The spec with the request id added where the provider keeps it (`CreateMarker`); unchanged
    /// where it has no place for one (then the job is found by its fields and creation time).
    public func tagged(_ spec: JobSpec, requestID: String) -> JobSpec {
        CreateMarker.of(client.provider.declaration).tag(spec, requestID: requestID) ?? spec
    }

    public func create(_ spec: JobSpec) async throws -> Job {
        let requestID = makeRequestID()
        let spec = tagged(spec, requestID: requestID)
        return try await send(try client.provider.createJob(spec), tagged: spec, requestID: requestID)
    }

    /// Sends a create built from `spec` (already tagged with `requestID`), with the same recovery.
    public func send(_ endpoint: Endpoint<Job>, tagged spec: JobSpec, requestID: String) async throws -> Job {
        let started = now()
        let declaration = client.provider.declaration
        var marker = CreateMarker.of(declaration)
        // Where the spec had no room for the marker (the user's own seed, say), new jobs are matched.
        if !marker.isIn(spec, requestID: requestID) { marker = .newSince }
        // Nothing the upstream keeps can mark the job: what was there before is the baseline.
        var before: Set<String>?
        if marker == .newSince { before = try? await Recovery.persist(client.maxRetries + 1, sleep: sleep) { try await listed(declaration) } }
        let chosen = marker
        let baseline = before
        // The job may exist after a failure: it is looked up before sending again.
        return try await Recovery.send(retries: client.maxRetries, sleep: sleep, { try await client.send(endpoint) },
                                       mayHaveTakenEffect: Self.mayHaveTakenEffect,
                                       lookUp: { try await lookUp(spec, requestID: requestID, since: started, marker: chosen, before: baseline) },
                                       lookupFailed: { Self.unknownOutcome($0, lookup: $1, clue: chosen.clue(spec, requestID: requestID, since: started)) })
    }

    /// The ids on the list's first page, newest first where the provider sorts so.
    private func listed(_ d: ProviderDeclaration) async throws -> Set<String> {
        let page = try await client.send(try client.provider.listJobs(JobQuery(limit: d.maxPageSize)))
        return Set(page.items.map(\.id))
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

    /// Our job among the recent ones, found by what the provider really returns (`CreateMarker`).
    public func lookUp(_ spec: JobSpec, requestID: String, since: Date) async throws -> Job? {
        try await lookUp(spec, requestID: requestID, since: since, marker: CreateMarker.of(client.provider.declaration), before: nil)
    }

    func lookUp(_ spec: JobSpec, requestID: String, since: Date, marker: CreateMarker, before: Set<String>?) async throws -> Job? {
        let provider = client.provider
        let query = marker.query(provider.declaration, requestID: requestID)
        let page = try await client.send(try provider.listJobs(query))
        // The server itself picked the jobs carrying our marker: a full page cannot hide ours.
        let filtered = !query.metadata.isEmpty || query.search != nil
        let earliest = since.addingTimeInterval(-clockSkew)
        switch marker {
        case .metadata, .description, .seed, .field:
            // A caller may reuse its own id (--request-id): only one made since this attempt began is ours.
            if let ours = page.items.first(where: { marker.carries($0, requestID: requestID) && ($0.createdAt.map { $0 >= earliest } ?? true) }) {
                return ours
            }
            // Not found: sent again only when the page could have shown it (busy accounts push a
            // new job past a full first page, and a gateway may hand out no second one).
            guard filtered || (!page.hasMore && page.raw?["ftctl_truncated"] == nil) else {
                throw FTError(.unsupported, what: "look-up", why: "the job was not on the first page, which is full, so it could be past it")
            }
            return nil
        case .newSince:
            guard let before else {
                throw FTError(.unsupported, what: "look-up", why: "the jobs listed before the create could not be read, so a new one cannot be told apart")
            }
            let fresh = page.items.filter { !before.contains($0.id) && Self.same($0.model, spec.model) && Self.same($0.trainingFile, spec.trainingFile) }
            if fresh.count == 1 { return fresh[0] }
            if fresh.count > 1 {
                throw FTError(.unsupported, what: "look-up", why: "\(fresh.count) new jobs match (\(fresh.map(\.id).joined(separator: ", "))), so which is ours cannot be told")
            }
            // None new: sent again only when the page could have shown it (it is not full).
            guard !page.hasMore, page.raw?["ftctl_truncated"] == nil else {
                throw FTError(.unsupported, what: "look-up", why: "the first page is full, so a new job could be past it")
            }
            return nil
        case .fields:
            let name = spec[.name]?.string
            let suffix = spec[.suffix]?.string
            return page.items.filter { job in
                job.model == spec.model && job.trainingFile == spec.trainingFile
                    && (name == nil || job.name == name)
                    && (suffix.map { Self.carries(job, suffix: $0) } ?? true)
                    && (job.createdAt.map { $0 >= earliest } ?? false)
            }.max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
        }
    }

    /// The job was made with `suffix`: its own `suffix` field says so where the provider returns one;
    /// otherwise the suffix stands in its name as a whole part (between separators: Together's
    /// model_output_name `acme/Llama-3.1-8B-s1-3c1e7b3e`), so "s1" never matches the job of "s10".
    static func carries(_ job: Job, suffix: String) -> Bool {
        if let own = job.raw?["suffix"]?.string { return own == suffix }
        guard let name = job.name, !suffix.isEmpty else { return false }
        let separators: Set<Character> = ["-", ":", "/", "_", ".", " "]
        var rest = name[...]
        while let found = rest.range(of: suffix) {
            let before = found.lowerBound == name.startIndex || separators.contains(name[name.index(before: found.lowerBound)])
            let after = found.upperBound == name.endIndex || separators.contains(name[found.upperBound])
            if before && after { return true }
            rest = name[name.index(after: found.lowerBound)...]
        }
        return false
    }

    /// Equal as given or once percent-decoded: gateways hand back URIs encoded
    /// (src/providers/google-vertex-ai/utils.ts `encodeURIComponent(trainingDatasetUri)`), and
    /// echo no model at all on Bedrock (nil matches).
    static func same(_ returned: String?, _ sent: String) -> Bool {
        guard let returned, !returned.isEmpty else { return true }
        return returned == sent || returned.removingPercentEncoding == sent.removingPercentEncoding
    }

    /// The create may have worked and the lookup failed too: say so, with what to look for. Never
    /// sent again: a second create could make a second job.
    static func unknownOutcome(_ failure: FTError, lookup: FTError, clue: String) -> FTError {
        var e = failure
        e.why = "\(failure.why), and looking the job up failed too (\(lookup.why)), so it may or may not have been created"
        e.hint = "Run `ftctl jobs list` and look for a job with \(clue) before creating it again."
        return e
    }
}
