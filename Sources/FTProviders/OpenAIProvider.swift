import FTCore
import Foundation

/// The adapters that speak the OpenAI fine-tuning dialect: `openai`, `portkey` (its headers),
/// `nebius` (more hyperparameters, checkpoints from Hugging Face, tags, step counts) and
/// `truefoundry` (under `/api/llm`, with its own headers). What differs is data, below.
public struct OpenAIStyleProvider: FineTuningProvider {
    public let id: ProviderID
    let dialect: OpenAIDialect
    /// Headers every request carries besides auth: Portkey routing, x-tfy-metadata.
    let routingHeaders: HTTPHeaders
    /// TrueFoundry's files need it.
    let tfyProviderName: String?

    public init(id: ProviderID, baseURL: String, routingHeaders: HTTPHeaders = [:], tfyProviderName: String? = nil) {
        self.id = id
        let suffix = id == .truefoundry ? "/api/llm" : ""
        self.dialect = OpenAIDialect(provider: id, urls: URLBuilder(base: baseURL, suffix: suffix))
        self.routingHeaders = routingHeaders
        self.tfyProviderName = tfyProviderName
    }

    public var capabilities: Set<ProviderOperation> {
        switch id {
        case .nebius:
            return [.listJobs, .getJob, .createJob, .cancelJob, .listEvents, .jobLogs, .listCheckpoints,
                    .listFiles, .getFile, .uploadFile, .downloadFile]
        case .truefoundry:
            return [.listJobs, .getJob, .createJob, .cancelJob, .listFiles, .getFile, .uploadFile, .deleteFile, .downloadFile]
        default:
            return [.listJobs, .getJob, .createJob, .cancelJob, .pauseJob, .resumeJob, .listEvents, .jobLogs,
                    .listCheckpoints, .listFiles, .getFile, .uploadFile, .deleteFile, .downloadFile, .uploadInParts]
        }
    }

    /// Normalized hyperparameter → the provider's field.
    var hyperparameterNames: [String: String] {
        switch id {
        case .nebius:
            return ["epochs": "n_epochs", "batch_size": "batch_size", "learning_rate": "learning_rate",
                    "warmup_ratio": "warmup_ratio", "weight_decay": "weight_decay", "packing": "packing",
                    "max_grad_norm": "max_grad_norm", "context_length": "context_length", "lora": "lora",
                    "lora_r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout"]
        default:
            return ["epochs": "n_epochs", "batch_size": "batch_size", "learning_rate_multiplier": "learning_rate_multiplier"]
        }
    }

    /// Portkey documents 18 characters; the others 64.
    var suffixLimit: Int { id == .portkey ? 18 : 64 }

    public func authHeaders(apiKey: String) -> HTTPHeaders {
        var h = HTTPHeaders()
        if id == .portkey { h["x-portkey-api-key"] = apiKey } else { h["Authorization"] = "Bearer \(apiKey)" }
        for (n, v) in routingHeaders { h[n] = v }
        return h
    }

    private func require(_ op: ProviderOperation) throws {
        guard capabilities.contains(op) else { throw unsupported(op) }
    }

    /// TrueFoundry routes file calls to one of its providers by this header.
    private func fileHeaders<T>(_ endpoint: Endpoint<T>) throws -> Endpoint<T> {
        guard id == .truefoundry else { return endpoint }
        guard let name = tfyProviderName else {
            throw FTError(.config, what: "truefoundry files", why: "no x-tfy-provider-name",
                          hint: "Pass --tfy-provider-name NAME, set TFY_PROVIDER_NAME, or `ftctl config set tfy_provider_name NAME`.")
        }
        var e = endpoint
        e.request.headers["x-tfy-provider-name"] = name
        return e
    }

    public func listJobs(_ query: JobQuery) throws -> Endpoint<Page<Job>> { dialect.listJobs(query) }
    public func getJob(_ id: String) throws -> Endpoint<Job> { dialect.getJob(id) }

    public func createJob(_ spec: JobSpec) throws -> Endpoint<Job> {
        try SpecValidation.check(spec, suffixLimit: suffixLimit, provider: id)
        if let m = spec.method, m == "dpo", id == .nebius {
            throw FTError(.usage, what: "--method", why: "nebius documents supervised fine-tuning only", hint: "Use --method supervised.")
        }
        var body = try dialect.createBody(spec, names: hyperparameterNames, topLevelHyperparameters: id == .nebius,
                                          metadata: id != .nebius)
        if !spec.tags.isEmpty {
            guard id == .nebius else { throw FTError(.usage, what: "--tag", why: "\(id) has no tags field", hint: "Use --metadata.") }
            body["tags"] = .array(spec.tags.map { .string($0) })
        }
        if let checkpoint = spec.fromCheckpoint {
            guard id == .nebius else {
                throw FTError(.usage, what: "--from-checkpoint", why: "\(id) cannot start from a Hugging Face checkpoint", hint: "Leave it out.")
            }
            body["from_checkpoint"] = checkpoint
        }
        for (path, value) in spec.extra { body = JSONPath.set(path, value, in: body) }
        return dialect.createJob(body: .object(body))
    }

    public func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job> {
        try require(action.operation)
        return dialect.action(action, jobID)
    }
    public func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>> {
        try require(.listEvents)
        return dialect.events(jobID, query)
    }
    public func listCheckpoints(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<Checkpoint>> {
        try require(.listCheckpoints)
        return dialect.checkpoints(jobID, query)
    }
    public func listFiles(limit: Int?, after: String?) throws -> Endpoint<Page<FileObject>> {
        try fileHeaders(dialect.listFiles(limit: limit, after: after))
    }
    public func getFile(_ id: String) throws -> Endpoint<FileObject> { try fileHeaders(dialect.getFile(id)) }
    public func uploadFile(path: String, purpose: String) throws -> Endpoint<FileObject> {
        try fileHeaders(try dialect.uploadFile(path: path, purpose: purpose))
    }
    public func deleteFile(_ id: String) throws -> Endpoint<Void> {
        try require(.deleteFile)
        return try fileHeaders(dialect.deleteFile(id))
    }
    public func downloadFile(_ id: String, into sink: any ResponseSink) throws -> Endpoint<Void> {
        try fileHeaders(dialect.download(id, sink: sink))
    }
    public func createUpload(filename: String, purpose: String, bytes: Int64, mimeType: String) throws -> Endpoint<String> {
        try require(.uploadInParts)
        return dialect.createUpload(filename: filename, purpose: purpose, bytes: bytes, mimeType: mimeType)
    }
    public func addUploadPart(uploadID: String, path: String, offset: Int64, length: Int64) throws -> Endpoint<String> {
        try require(.uploadInParts)
        return dialect.addUploadPart(uploadID: uploadID, path: path, offset: offset, length: length)
    }
    public func completeUpload(uploadID: String, partIDs: [String], md5: String) throws -> Endpoint<FileObject> {
        try require(.uploadInParts)
        return dialect.completeUpload(uploadID: uploadID, partIDs: partIDs, md5: md5)
    }
    public func cancelUpload(uploadID: String) throws -> Endpoint<Void> {
        try require(.uploadInParts)
        return dialect.cancelUpload(uploadID: uploadID)
    }
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
