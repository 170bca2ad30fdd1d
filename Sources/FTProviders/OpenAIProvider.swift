import FTCore
import Foundation

/// `openai` and `portkey`: the OpenAI-compatible v1 surface. Portkey differs only in its headers.
public struct OpenAIProvider: FineTuningProvider {
    public let id: ProviderID
    let dialect: OpenAIDialect
    /// Portkey's routing headers (provider / virtual key / config); empty for plain OpenAI.
    let routingHeaders: HTTPHeaders

    public init(id: ProviderID = .openai, baseURL: String, routingHeaders: HTTPHeaders = [:]) {
        self.id = id
        self.dialect = OpenAIDialect(provider: id, urls: URLBuilder(base: baseURL))
        self.routingHeaders = routingHeaders
    }

    public var capabilities: Set<ProviderOperation> {
        [.listJobs, .getJob, .createJob, .cancelJob, .pauseJob, .resumeJob, .listEvents, .jobLogs, .listCheckpoints,
         .listFiles, .getFile, .uploadFile, .deleteFile, .downloadFile]
    }

    public func authHeaders(apiKey: String) -> HTTPHeaders {
        var h = HTTPHeaders()
        if id == .portkey {
            h["x-portkey-api-key"] = apiKey
        } else {
            h["Authorization"] = "Bearer \(apiKey)"
        }
        for (n, v) in routingHeaders { h[n] = v }
        return h
    }

    public func listJobs(_ query: JobQuery) throws -> Endpoint<Page<Job>> { dialect.listJobs(query) }
    public func getJob(_ id: String) throws -> Endpoint<Job> { dialect.getJob(id) }
    public func createJob(_ spec: JobSpec) throws -> Endpoint<Job> {
        let names = ["epochs": "n_epochs", "batch_size": "batch_size", "learning_rate_multiplier": "learning_rate_multiplier"]
        var body = dialect.createBody(spec, hyperparameterNames: names)
        for (path, value) in spec.extra { body = JSONPath.set(path, value, in: body) }
        return dialect.createJob(body: .object(body))
    }
    public func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job> {
        guard [.cancel, .pause, .resume].contains(action) else { throw unsupported(action.operation) }
        return dialect.action(action, jobID)
    }
    public func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>> { dialect.events(jobID, query) }
    public func listCheckpoints(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<Checkpoint>> { dialect.checkpoints(jobID, query) }
    public func listFiles(limit: Int?, after: String?) throws -> Endpoint<Page<FileObject>> { dialect.listFiles(limit: limit, after: after) }
    public func getFile(_ id: String) throws -> Endpoint<FileObject> { dialect.getFile(id) }
    public func uploadFile(path: String, purpose: String) throws -> Endpoint<FileObject> { try dialect.uploadFile(path: path, purpose: purpose) }
    public func deleteFile(_ id: String) throws -> Endpoint<Void> { dialect.deleteFile(id) }
    public func downloadFile(_ id: String, into sink: any ResponseSink) throws -> Endpoint<Void> { dialect.download(id, sink: sink) }
}

/// Dotted paths into a JSON body, for `--set method.supervised.hyperparameters.n_epochs=3`.
public enum JSONPath {
    public static func set(_ path: String, _ value: JSONValue, in object: JSONObject) -> JSONObject {
        let parts = path.split(separator: ".").map(String.init)
        guard let first = parts.first else { return object }
        var out = object
        if parts.count == 1 {
            out[first] = value
        } else {
            let inner = out[first]?.object ?? JSONObject()
            out[first] = .object(set(parts.dropFirst().joined(separator: "."), value, in: inner))
        }
        return out
    }
}
