import Foundation

/// A provider adapter: pure functions from what the user asked to an `Endpoint`, and from a
/// provider's error body to one readable sentence. Every operation defaults to `unsupported`, so an
/// adapter implements exactly what its service documents.
public protocol FineTuningProvider: Sendable {
    /// What sets this provider apart, as data: capabilities, auth, limits, list filters.
    var declaration: ProviderDeclaration { get }
    /// The headers that carry the credentials, in this provider's scheme.
    func authHeaders(apiKey: String) -> HTTPHeaders
    /// The sentence inside a provider's error body, when it has one.
    func errorMessage(_ response: HTTPResponse) -> String?

    func listJobs(_ query: JobQuery) throws -> Endpoint<Page<Job>>
    func getJob(_ id: String) throws -> Endpoint<Job>
    func createJob(_ spec: JobSpec) throws -> Endpoint<Job>
    func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job>
    func deleteJob(_ id: String) throws -> Endpoint<Void>
    func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>>
    func listCheckpoints(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<Checkpoint>>
    func listFiles(_ query: FileQuery) throws -> Endpoint<Page<FileObject>>
    func getFile(_ id: String) throws -> Endpoint<FileObject>
    /// `expiresAfter`: seconds after creation at which the server deletes the file (nil: its default).
    func uploadFile(path: String, purpose: String, expiresAfter: Int?) throws -> Endpoint<FileObject>
    func deleteFile(_ id: String) throws -> Endpoint<Void>
    func downloadFile(_ id: String, into sink: any ResponseSink) throws -> Endpoint<Void>
    func listModels() throws -> Endpoint<[Record]>
    func listHardware() throws -> Endpoint<[Record]>
    func stats() throws -> Endpoint<Record>
    /// The Uploads API: start an upload of `bytes`, answered with its id.
    func createUpload(filename: String, purpose: String, bytes: Int64, mimeType: String) throws -> Endpoint<String>
    /// One part, a range of the file, answered with the part's id.
    func addUploadPart(uploadID: String, path: String, offset: Int64, length: Int64) throws -> Endpoint<String>
    /// Joins the parts, in this order, into a file; the md5 of the whole lets the server check it.
    func completeUpload(uploadID: String, partIDs: [String], md5: String) throws -> Endpoint<FileObject>
    func cancelUpload(uploadID: String) throws -> Endpoint<Void>
    /// Training metrics by step.
    func jobMetrics(_ id: String) throws -> Endpoint<[Record]>
    /// The provider's own estimate, for a model and a number of training examples.
    func estimateCost(model: String, examples: Int) throws -> Endpoint<Record>
    func getCheckpoint(jobID: String, checkpointID: String) throws -> Endpoint<Checkpoint>
    /// A fine-tuned checkpoint (its model name) shared with projects; answered with the grants.
    func shareCheckpoint(model: String, projectIDs: [String]) throws -> Endpoint<Page<Record>>
    func checkpointPermissions(model: String, _ query: PermissionQuery) throws -> Endpoint<Page<Record>>
    func unshareCheckpoint(model: String, permissionID: String) throws -> Endpoint<Record>
    /// The grader as the server reads it.
    func validateGrader(_ grader: JSONValue) throws -> Endpoint<Record>
    /// The reward (and its parts) the grader gives `modelSample`, with `item` for its templates.
    func runGrader(_ grader: JSONValue, modelSample: String, item: JSONValue?) throws -> Endpoint<Record>
    /// A signed-URL upload (`uploadsBySignedURL`), step 1: where to send the bytes, and the file's id.
    func requestUploadURL(path: String, purpose: String) throws -> Endpoint<SignedUpload>
    /// Step 2: the file's bytes to that URL, with no credentials.
    func sendToUploadURL(_ upload: SignedUpload, path: String) throws -> Endpoint<Void>
    /// Step 3: the server checks the file and makes it usable; answered with the file.
    func processUpload(_ upload: SignedUpload) throws -> Endpoint<FileObject>
    /// The trained weights of a job: at a checkpoint `step` (nil: the final ones), as `type`
    /// (`merged` or `adapter`; nil: the provider's default).
    func downloadModel(jobID: String, step: Int?, type: String?, into sink: any ResponseSink) throws -> Endpoint<Void>
    /// The provider's own price for the job `spec` describes (its training file already uploaded).
    func estimatePrice(_ spec: JobSpec) throws -> Endpoint<Record>
}

/// Where a signed-URL upload sends its bytes, and the id the file will have.
public struct SignedUpload: Sendable, Equatable {
    public var fileID: String
    public var url: String
    public init(fileID: String, url: String) {
        self.fileID = fileID
        self.url = url
    }
}

public extension FineTuningProvider {
    var id: ProviderID { declaration.id }
    var capabilities: Set<ProviderOperation> { declaration.capabilities }
    func authHeaders(apiKey: String) -> HTTPHeaders { declaration.authHeaders(apiKey: apiKey) }

    func unsupported(_ op: ProviderOperation) -> FTError {
        if let u = declaration.upstream, !u.capabilities.contains(op) {
            // Refused here, before anything is sent: the gateway would not refuse it but do something else.
            let hint = u == .unknown
                ? "If the route reaches OpenAI, say so: \(ProviderSetting.upstream.howToSet("openai"))."
                : "Use \(u.name)'s own console or API for it."
            return FTError(.unsupported, what: op.rawValue, why: "\(id) to \(u.name) has no \(op.rawValue) operation: \(u.refusals[op] ?? u.refusal)", hint: hint)
        }
        return FTError(.unsupported, what: op.rawValue, why: "\(id) has no \(op.rawValue) operation",
                       hint: "Use a provider that does; `ftctl --help` lists them.")
    }

    func listJobs(_ query: JobQuery) throws -> Endpoint<Page<Job>> { throw unsupported(.listJobs) }
    func getJob(_ id: String) throws -> Endpoint<Job> { throw unsupported(.getJob) }
    func createJob(_ spec: JobSpec) throws -> Endpoint<Job> { throw unsupported(.createJob) }
    func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job> { throw unsupported(action.operation) }
    func deleteJob(_ id: String) throws -> Endpoint<Void> { throw unsupported(.deleteJob) }
    func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>> { throw unsupported(.listEvents) }
    func listCheckpoints(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<Checkpoint>> { throw unsupported(.listCheckpoints) }
    func listFiles(_ query: FileQuery) throws -> Endpoint<Page<FileObject>> { throw unsupported(.listFiles) }
    func listFiles(limit: Int?, after: String?) throws -> Endpoint<Page<FileObject>> { try listFiles(FileQuery(limit: limit, after: after)) }
    func getFile(_ id: String) throws -> Endpoint<FileObject> { throw unsupported(.getFile) }
    func uploadFile(path: String, purpose: String, expiresAfter: Int?) throws -> Endpoint<FileObject> { throw unsupported(.uploadFile) }
    func uploadFile(path: String, purpose: String) throws -> Endpoint<FileObject> { try uploadFile(path: path, purpose: purpose, expiresAfter: nil) }
    func deleteFile(_ id: String) throws -> Endpoint<Void> { throw unsupported(.deleteFile) }
    func downloadFile(_ id: String, into sink: any ResponseSink) throws -> Endpoint<Void> { throw unsupported(.downloadFile) }
    func listModels() throws -> Endpoint<[Record]> { throw unsupported(.listModels) }
    func listHardware() throws -> Endpoint<[Record]> { throw unsupported(.listHardware) }
    func stats() throws -> Endpoint<Record> { throw unsupported(.stats) }
    func jobMetrics(_ id: String) throws -> Endpoint<[Record]> { throw unsupported(.jobMetrics) }
    func createUpload(filename: String, purpose: String, bytes: Int64, mimeType: String) throws -> Endpoint<String> { throw unsupported(.uploadInParts) }
    func addUploadPart(uploadID: String, path: String, offset: Int64, length: Int64) throws -> Endpoint<String> { throw unsupported(.uploadInParts) }
    func completeUpload(uploadID: String, partIDs: [String], md5: String) throws -> Endpoint<FileObject> { throw unsupported(.uploadInParts) }
    func cancelUpload(uploadID: String) throws -> Endpoint<Void> { throw unsupported(.uploadInParts) }
    func estimateCost(model: String, examples: Int) throws -> Endpoint<Record> { throw unsupported(.estimateCost) }
    func getCheckpoint(jobID: String, checkpointID: String) throws -> Endpoint<Checkpoint> { throw unsupported(.getCheckpoint) }
    func shareCheckpoint(model: String, projectIDs: [String]) throws -> Endpoint<Page<Record>> { throw unsupported(.checkpointPermissions) }
    func checkpointPermissions(model: String, _ query: PermissionQuery) throws -> Endpoint<Page<Record>> { throw unsupported(.checkpointPermissions) }
    func unshareCheckpoint(model: String, permissionID: String) throws -> Endpoint<Record> { throw unsupported(.checkpointPermissions) }
    func validateGrader(_ grader: JSONValue) throws -> Endpoint<Record> { throw unsupported(.validateGrader) }
    func runGrader(_ grader: JSONValue, modelSample: String, item: JSONValue?) throws -> Endpoint<Record> { throw unsupported(.runGrader) }
    func requestUploadURL(path: String, purpose: String) throws -> Endpoint<SignedUpload> { throw unsupported(.uploadFile) }
    func sendToUploadURL(_ upload: SignedUpload, path: String) throws -> Endpoint<Void> { throw unsupported(.uploadFile) }
    func processUpload(_ upload: SignedUpload) throws -> Endpoint<FileObject> { throw unsupported(.uploadFile) }
    func downloadModel(jobID: String, step: Int?, type: String?, into sink: any ResponseSink) throws -> Endpoint<Void> {
        throw unsupported(.downloadModel)
    }
    func estimatePrice(_ spec: JobSpec) throws -> Endpoint<Record> { throw unsupported(.estimatePrice) }

    func errorMessage(_ response: HTTPResponse) -> String? { ProviderErrorBody.message(in: response.body) }
}

/// Reads the error bodies the providers document into one sentence: OpenAI `{error:{message}}`,
/// FastAPI `{detail:[{loc,msg}]}` or `{detail:"..."}`, Portkey `{status:"failure",message}`,
/// the platform's `{success:false,error:{code,message}}`, or a bare `{message}`.
public enum ProviderErrorBody {
    public static func message(in body: Data) -> String? {
        guard let json = JSONValue.parse(body) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty || text.hasPrefix("<") ? nil : text
        }
        if let err = json["error"] {
            if let s = err.string { return s }
            let msg = err["message"]?.string
            let param = err["param"]?.string
            let code = err["code"]?.string
            if let msg {
                var line = msg
                if let param, !param.isEmpty, !msg.contains(param) { line += " (param: \(param))" }
                else if let code, !code.isEmpty, !msg.contains(code) { line += " (\(code))" }
                return line
            }
            if let code { return code }
        }
        if let detail = json["detail"] {
            if let s = detail.string { return s }
            if let items = detail.array {
                let parts = items.compactMap { item -> String? in
                    guard let msg = item["msg"]?.string else { return nil }
                    let loc = item["loc"]?.array?.compactMap(\.string).filter { $0 != "body" }.joined(separator: ".")
                    return loc.map { $0.isEmpty ? msg : "\($0): \(msg)" } ?? msg
                }
                if !parts.isEmpty { return parts.joined(separator: "; ") }
            }
        }
        if let msg = json["message"]?.string { return msg }
        return nil
    }
}
