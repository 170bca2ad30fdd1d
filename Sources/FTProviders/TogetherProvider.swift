import FTCore
import Foundation

/// `together`: Together AI's `/fine-tunes`, `/files` and `/finetune/download` under the base URL
/// (`…/v1`). Paths and shapes: togethercomputer/openapi `openapi.yaml` @090263a; the upload's three
/// steps and the price estimate as the `together` SDK 3.1.1 sends them (Docs/PROVIDERS.md).
public struct TogetherProvider: FineTuningProvider {
    public let declaration: ProviderDeclaration
    let urls: URLBuilder
    let read: TogetherReading

    public init(declaration: ProviderDeclaration = .together, baseURL: String) {
        self.declaration = declaration
        urls = URLBuilder(base: baseURL, suffix: declaration.baseURLSuffix)
        read = TogetherReading(declaration: declaration)
    }

    func request(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil, operation: String) -> HTTPRequest {
        urls.request(method, path, query: query, body: body, operation: operation)
    }

    /// A job id in a path. Together's are `ft-<uuid>`; another provider's id (`ftjob-…`) is refused
    /// here, before a request could be read as a missing job.
    func jobSegment(_ id: String) throws -> String {
        if let prefix = declaration.jobIDPrefix, !id.hasPrefix(prefix) {
            throw FTError(.notFound, what: "job \(id.prefix(80))", why: "\(declaration.id) job ids start with \(prefix)",
                          hint: "Is it another provider's job? Pass that provider with --provider (or --profile).")
        }
        return URLBuilder.segment(id)
    }

    // MARK: Jobs

    /// The whole list in one answer, newest first (the order is not documented, so it is set here).
    public func listJobs(_ query: JobQuery) throws -> Endpoint<Page<Job>> {
        let what = "list jobs"
        return Endpoint(request(.get, "/fine-tunes", operation: what)) { r in
            var page = try self.read.list(r, what: what) { $0.map(self.read.job) }
            page.items.sort { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }
            return page
        }
    }

    public func getJob(_ id: String) throws -> Endpoint<Job> {
        let what = "get job \(id)"
        return Endpoint(request(.get, "/fine-tunes/\(try jobSegment(id))", operation: what)) { r in try self.read.one(r, what: what, self.read.job) }
    }

    public func createJob(_ spec: JobSpec) throws -> Endpoint<Job> {
        let body = try TogetherBody.finish(CreateBody.build(spec, declaration: declaration), spec: spec, declaration: declaration)
        let what = "create job"
        var r = request(.post, "/fine-tunes", body: .object(body), operation: what)
        // Never re-sent blindly: JobCreator looks for the job (model, training file, suffix) first.
        r.retry = .afterLookup
        return Endpoint(r) { r in try self.read.one(r, what: what, self.read.job) }
    }

    public func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job> {
        guard action == .cancel, capabilities.contains(.cancelJob) else { throw unsupported(action.operation) }
        let what = "cancel job \(jobID)"
        var r = request(.post, "/fine-tunes/\(try jobSegment(jobID))/cancel", operation: what)
        // Cancelling twice ends as cancelling once.
        r.retry = .safe
        return Endpoint(r) { r in try self.read.one(r, what: what, self.read.job) }
    }

    public func deleteJob(_ id: String) throws -> Endpoint<Void> {
        Endpoint(request(.delete, "/fine-tunes/\(try jobSegment(id))", operation: "delete job \(id)")) { _ in () }
    }

    /// `{"data":[event]}`, oldest first on the wire; newest first here, like every other provider's list.
    public func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>> {
        let what = "list events of job \(jobID)"
        return Endpoint(request(.get, "/fine-tunes/\(try jobSegment(jobID))/events", operation: what)) { r in
            try self.read.list(r, what: what) { Array(self.read.events($0, jobID: jobID).reversed()) }
        }
    }

    public func listCheckpoints(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<Checkpoint>> {
        let what = "list checkpoints of job \(jobID)"
        return Endpoint(request(.get, "/fine-tunes/\(try jobSegment(jobID))/checkpoints", operation: what)) { r in
            try self.read.list(r, what: what) { $0.map { self.read.checkpoint($0, jobID: jobID) } }
        }
    }

    /// `GET /fine-tunes/{id}/metrics` → `{"metrics":[{"train/loss", "train/learning_rate",
    /// "train/global_step", …}]}`, oldest first (openapi.yaml): `step`, `train_loss`, `valid_loss`
    /// (`eval/loss`) and `learning_rate`, other keys with `/` as `_`.
    public func jobMetrics(_ id: String) throws -> Endpoint<[Record]> {
        let what = "metrics of job \(id)"
        return Endpoint(request(.get, "/fine-tunes/\(try jobSegment(id))/metrics", operation: what)) { r in
            try self.read.one(r, what: what) { json in (json["metrics"]?.array ?? []).compactMap(self.read.metrics) }
        }
    }

    /// `GET /finetune/download?ft_id&checkpoint&checkpoint_step` (openapi.yaml `/finetune/download`):
    /// `checkpoint` is `merged` or `adapter`; a step picks an intermediate checkpoint.
    public func downloadModel(jobID: String, step: Int?, type: String?, into sink: any ResponseSink) throws -> Endpoint<Void> {
        let what = "download the model of job \(jobID)"
        _ = try jobSegment(jobID)
        var r = request(.get, "/finetune/download", query: [("ft_id", jobID), ("checkpoint", type), ("checkpoint_step", step.map(String.init))],
                        operation: what)
        r.headers["Accept"] = "application/octet-stream"
        r.sink = sink
        r.timeout = .none
        return Endpoint(r) { _ in () }
    }

    /// `POST /fine-tunes/estimate-price` with the create's training fields (openapi.yaml; the SDK
    /// 3.1.1 sends it before every create). Prices there are in dollars, unlike `total_price`.
    public func estimatePrice(_ spec: JobSpec) throws -> Endpoint<Record> {
        let create = try TogetherBody.finish(CreateBody.build(spec, declaration: declaration), spec: spec, declaration: declaration)
        var body = JSONObject()
        for key in ["training_file", "validation_file", "model", "n_epochs", "n_evals", "training_method", "training_type", "from_checkpoint"] {
            if let v = create[key] { body[key] = v }
        }
        let what = "estimate price"
        var r = request(.post, "/fine-tunes/estimate-price", body: .object(body), operation: what)
        // A computation: nothing is made.
        r.retry = .safe
        return Endpoint(r) { r in
            try self.read.one(r, what: what) { Record(id: spec.model, json: $0, raw: $0) }
        }
    }

    // MARK: Files

    public func listFiles(_ query: FileQuery) throws -> Endpoint<Page<FileObject>> {
        if query.purpose != nil || query.order != nil { throw unsupported(.filterFiles) }
        let what = "list files"
        return Endpoint(request(.get, "/files", operation: what)) { r in try self.read.list(r, what: what) { $0.map(self.read.file) } }
    }

    public func getFile(_ id: String) throws -> Endpoint<FileObject> {
        let what = "get file \(id)"
        return Endpoint(request(.get, "/files/\(URLBuilder.segment(id))", operation: what)) { r in try self.read.one(r, what: what, self.read.file) }
    }

    public func deleteFile(_ id: String) throws -> Endpoint<Void> {
        Endpoint(request(.delete, "/files/\(URLBuilder.segment(id))", operation: "delete file \(id)")) { _ in () }
    }

    public func downloadFile(_ id: String, into sink: any ResponseSink) throws -> Endpoint<Void> {
        var r = request(.get, "/files/\(URLBuilder.segment(id))/content", operation: "download file \(id)")
        r.headers["Accept"] = "*/*"
        r.sink = sink
        r.timeout = .none
        return Endpoint(r) { _ in () }
    }

    /// Step 1 (together 3.1.1 `lib/resources/files.py` UploadManager.get_upload_url): a form with
    /// `purpose`, `file_name` and `file_type`, answered by a 302 whose `Location` is where the bytes
    /// go and whose `X-Together-File-Id` names the file.
    public func requestUploadURL(path: String, purpose: String) throws -> Endpoint<SignedUpload> {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        guard ["jsonl", "parquet", "csv"].contains(ext) else {
            throw FTError(.usage, what: name, why: "\(declaration.id) takes .jsonl, .parquet or .csv files", hint: "Rename or convert the file.")
        }
        var form = MultipartForm()
        form.addField("purpose", purpose)
        form.addField("file_name", name)
        form.addField("file_type", ext)
        let what = "upload \(name)"
        var r = request(.post, "/files", operation: what)
        r.body = form.body
        r.headers["Content-Type"] = form.contentType
        r.followsRedirects = false
        // A second request only reserves another id, which is never processed.
        r.retry = .safe
        return Endpoint(r) { r in
            guard r.status == 302 || r.status == 303 || r.status == 307, let location = r.headers["location"], !location.isEmpty,
                  let id = r.headers["x-together-file-id"], !id.isEmpty else {
                throw FTError(.badResponse, what: what, why: "expected a redirect naming the upload URL and the file id (HTTP \(r.status))",
                              hint: "Check the base URL.", setting: .baseURL)
            }
            // Relative locations are read against the request (the SDK requires an absolute http(s) URL).
            let url = URL(string: location, relativeTo: URL(string: r.url))?.absoluteURL.absoluteString ?? location
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw FTError(.badResponse, what: what, why: "the upload URL is not http(s)")
            }
            return SignedUpload(fileID: id, url: url)
        }
    }

    /// Step 2: a PUT of the raw bytes, without credentials (the URL is signed); the SDK takes only 200.
    public func sendToUploadURL(_ upload: SignedUpload, path: String) throws -> Endpoint<Void> {
        var r = HTTPRequest(method: .put, url: upload.url, body: try .file(path), operation: "upload \((path as NSString).lastPathComponent)")
        r.headers["Content-Type"] = "application/octet-stream"
        r.sendsCredentials = false
        r.timeout = .none
        return Endpoint(r) { r in
            guard r.status == 200 else {
                throw FTError(.badResponse, what: "upload \((path as NSString).lastPathComponent)", why: "the upload URL answered HTTP \(r.status), not 200")
            }
        }
    }

    /// Step 3: `POST /files/{id}/preprocess`, answered with the file.
    public func processUpload(_ upload: SignedUpload) throws -> Endpoint<FileObject> {
        let what = "process file \(upload.fileID)"
        var r = request(.post, "/files/\(URLBuilder.segment(upload.fileID))/preprocess", operation: what)
        // Processing a file twice leaves one processed file.
        r.retry = .safe
        return Endpoint(r) { r in try self.read.one(r, what: what, self.read.file) }
    }
}
