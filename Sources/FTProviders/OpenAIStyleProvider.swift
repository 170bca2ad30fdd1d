import FTCore
import Foundation

/// The adapters that speak the OpenAI fine-tuning declaration: `openai`, `portkey`, `nebius` and
/// `truefoundry`, and any other OpenAI-compatible service. What differs between them is their
/// `ProviderDeclaration` value; this type only reads it.
public struct OpenAIStyleProvider: FineTuningProvider {
    public let declaration: ProviderDeclaration
    let wire: OpenAIWireFormat
    /// Headers every request carries besides auth: Portkey routing, x-tfy-metadata.
    let routingHeaders: HTTPHeaders
    /// Headers file operations carry (TrueFoundry's x-tfy-provider-name).
    let fileHeaders: HTTPHeaders
    /// Query parameters from settings, with the operations that take them (Nebius's ai_project_id).
    let routingQuery: [(name: String, value: String, operations: Set<ProviderOperation>)]

    /// `settings` are the provider options (portkey_provider, tfy_provider_name...) by profile key.
    public init(declaration: ProviderDeclaration, baseURL: String, settings: [ProfileKey: String] = [:]) {
        self.declaration = declaration
        self.wire = OpenAIWireFormat(provider: declaration.id, urls: URLBuilder(base: baseURL, suffix: declaration.baseURLSuffix),
                                     upstream: declaration.upstream)
        var routing = HTTPHeaders()
        for (key, header) in declaration.routingHeaders { if let v = settings[key] { routing[header] = v } }
        self.routingHeaders = routing
        var files = HTTPHeaders()
        for (key, header) in declaration.fileHeaders { if let v = settings[key] { files[header] = v } }
        self.fileHeaders = files
        self.routingQuery = declaration.routingQuery.compactMap { q in settings[q.setting].map { (q.name, $0, q.operations) } }
    }

    private func query(for op: ProviderOperation) -> [(String, String?)] {
        routingQuery.filter { $0.operations.contains(op) }.map { ($0.name, $0.value) }
    }

    public init(id: ProviderID, baseURL: String, settings: [ProfileKey: String] = [:]) {
        self.init(declaration: id.declaration, baseURL: baseURL, settings: settings)
    }

    public func authHeaders(apiKey: String) -> HTTPHeaders {
        var h = declaration.authHeaders(apiKey: apiKey)
        for (n, v) in routingHeaders { h[n] = v }
        return h
    }

    private func require(_ op: ProviderOperation) throws {
        guard capabilities.contains(op) else { throw unsupported(op) }
    }

    /// File calls carry the declaration's file headers; one that is missing is a configuration error.
    private func files<T>(_ endpoint: Endpoint<T>) throws -> Endpoint<T> {
        var e = endpoint
        for (key, header) in declaration.fileHeaders {
            guard let v = fileHeaders[header] else {
                let flag = "--" + key.rawValue.replacingOccurrences(of: "_", with: "-")
                throw FTError(.config, what: "\(id) files", why: "no \(header)",
                              hint: "Pass \(flag) VALUE, set \(key.rawValue.uppercased()), or `ftctl config set \(key.rawValue) VALUE`.")
            }
            e.request.headers[header] = v
        }
        return e
    }

    public func listJobs(_ query: JobQuery) throws -> Endpoint<Page<Job>> {
        if case .after = query.page, let u = declaration.upstream, case .firstPageOnly(_, let why) = u.paging {
            throw FTError(.unsupported, what: "--after", why: "\(id) to \(u.name) cannot list after a job: \(why)",
                          hint: "Leave --after out: the list shows the one page the gateway reaches, and says when there are more.")
        }
        return wire.listJobs(query, extra: self.query(for: .listJobs))
    }
    public func getJob(_ id: String) throws -> Endpoint<Job> { wire.getJob(id) }

    public func createJob(_ spec: JobSpec) throws -> Endpoint<Job> {
        wire.createJob(body: .object(try CreateBody.build(spec, declaration: declaration)), extra: query(for: .createJob))
    }

    public func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job> {
        try require(action.operation)
        return wire.action(action, jobID)
    }
    public func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>> {
        try require(.listEvents)
        return wire.events(jobID, query)
    }
    public func listCheckpoints(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<Checkpoint>> {
        try require(.listCheckpoints)
        return wire.checkpoints(jobID, query)
    }
    public func listFiles(_ query: FileQuery) throws -> Endpoint<Page<FileObject>> {
        try require(.listFiles)
        if query.purpose != nil || query.order != nil { try require(.filterFiles) }
        if query.after != nil, let u = declaration.upstream, case .firstPageOnly(_, let why) = u.filePaging {
            throw FTError(.unsupported, what: "--after", why: "\(id) to \(u.name) cannot list files after one: \(why)", hint: "Leave --after out.")
        }
        return try files(wire.listFiles(query))
    }
    public func getFile(_ id: String) throws -> Endpoint<FileObject> {
        try require(.getFile)
        return try files(wire.getFile(id))
    }
    public func uploadFile(path: String, purpose: String, expiresAfter: Int?) throws -> Endpoint<FileObject> {
        try require(.uploadFile)
        if expiresAfter != nil { try require(.expiringFiles) }
        return try files(try wire.uploadFile(path: path, purpose: purpose, expiresAfter: expiresAfter))
    }
    public func getCheckpoint(jobID: String, checkpointID: String) throws -> Endpoint<Checkpoint> {
        try require(.getCheckpoint)
        return wire.checkpoint(jobID: jobID, checkpointID: checkpointID)
    }
    public func shareCheckpoint(model: String, projectIDs: [String]) throws -> Endpoint<Page<Record>> {
        try require(.checkpointPermissions)
        return wire.share(model: model, projectIDs: projectIDs)
    }
    public func checkpointPermissions(model: String, _ query: PermissionQuery) throws -> Endpoint<Page<Record>> {
        try require(.checkpointPermissions)
        return wire.permissions(model: model, query)
    }
    public func unshareCheckpoint(model: String, permissionID: String) throws -> Endpoint<Record> {
        try require(.checkpointPermissions)
        return wire.unshare(model: model, permissionID: permissionID)
    }
    public func validateGrader(_ grader: JSONValue) throws -> Endpoint<Record> {
        try require(.validateGrader)
        return wire.validateGrader(grader)
    }
    public func runGrader(_ grader: JSONValue, modelSample: String, item: JSONValue?) throws -> Endpoint<Record> {
        try require(.runGrader)
        return wire.runGrader(grader, modelSample: modelSample, item: item)
    }
    public func deleteFile(_ id: String) throws -> Endpoint<Void> {
        try require(.deleteFile)
        return try files(wire.deleteFile(id))
    }
    public func downloadFile(_ id: String, into sink: any ResponseSink) throws -> Endpoint<Void> {
        try require(.downloadFile)
        return try files(wire.download(id, sink: sink))
    }
    public func createUpload(filename: String, purpose: String, bytes: Int64, mimeType: String) throws -> Endpoint<String> {
        try require(.uploadInParts)
        return wire.createUpload(filename: filename, purpose: purpose, bytes: bytes, mimeType: mimeType)
    }
    public func addUploadPart(uploadID: String, path: String, offset: Int64, length: Int64) throws -> Endpoint<String> {
        try require(.uploadInParts)
        return wire.addUploadPart(uploadID: uploadID, path: path, offset: offset, length: length)
    }
    public func completeUpload(uploadID: String, partIDs: [String], md5: String) throws -> Endpoint<FileObject> {
        try require(.uploadInParts)
        return wire.completeUpload(uploadID: uploadID, partIDs: partIDs, md5: md5)
    }
    public func cancelUpload(uploadID: String) throws -> Endpoint<Void> {
        try require(.uploadInParts)
        return wire.cancelUpload(uploadID: uploadID)
    }
}
