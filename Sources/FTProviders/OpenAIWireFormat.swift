import FTCore
import Foundation

/// The OpenAI fine-tuning, files and uploads surface, as OpenAI, Portkey, Nebius and TrueFoundry
/// all speak it (with different roots and headers). Pure: builds requests, reads responses.
struct OpenAIWireFormat: Sendable {
    let provider: ProviderID
    let urls: URLBuilder
    /// What a gateway route reaches (Portkey), which decides time units, ids and paging; nil for a
    /// provider spoken to directly.
    var upstream: Upstream?

    var timeUnit: Upstream.TimeUnit { upstream?.timeUnit ?? .seconds }

    /// A job id in a path: ids a gateway hands out already percent-encoded (Bedrock ARNs,
    /// src/providers/bedrock/utils.ts `encodeURIComponent(jobArn)`) go back exactly as received,
    /// since the gateway never decodes them (research §1.4); any other id is encoded.
    func jobSegment(_ id: String) -> String {
        upstream?.idsArePreEncoded == true ? URLBuilder.segmentKeepingEscapes(id) : URLBuilder.segment(id)
    }

    /// A file id in a path: Bedrock's and Vertex's are bucket URIs the gateway encoded and reads
    /// back from the raw URL (src/providers/bedrock/retrieveFile.ts, google-vertex-ai/retrieveFile.ts).
    func fileSegment(_ id: String) -> String {
        upstream?.fileIDsArePreEncoded == true ? URLBuilder.segmentKeepingEscapes(id) : URLBuilder.segment(id)
    }

    // MARK: Reading

    func job(_ j: JSONValue) -> Job {
        let hp = j["method"].flatMap { m in m[m["type"]?.string ?? "supervised"]?["hyperparameters"] } ?? j["hyperparameters"]
        var hyper = JSONObject()
        if let hp = hp?.object {
            for (k, v) in hp {
                switch k {
                case "n_epochs": hyper["epochs"] = v
                default: hyper[k] = v
                }
            }
        }
        if let method = j["method"]?["type"]?.string { hyper["method"] = .string(method) }
        var progress: Job.Progress?
        let step = j["trained_steps"]?.int
        let total = j["total_steps"]?.int
        if step != nil || total != nil { progress = Job.Progress(step: step, totalSteps: total) }
        // Bedrock's `error` is the failureMessage string, or {} when there is none
        // (src/providers/bedrock/utils.ts); Vertex's and Fireworks' carry a numeric or text code.
        let error: Job.Failure? = j["error"].flatMap { e in
            if let text = e.string { return text.isEmpty ? nil : Job.Failure(message: text) }
            let code = e["code"]?.string ?? e["code"]?.int.map(String.init), msg = e["message"]?.string
            return code == nil && msg == nil ? nil : Job.Failure(code: code, message: msg)
        }
        let finishedKey = (upstream?.finishedKeys ?? ["finished_at"]).first { j[$0] != nil && j[$0]?.isNull == false }
        let status = JobStatus.normalize(j["status"]?.string ?? "unknown")
        return Job(id: j["id"]?.string ?? "", provider: provider.rawValue, status: status,
                   name: j["suffix"]?.string, model: j["model"]?.string,
                   createdAt: timeUnit.date(from: j["created_at"]),
                   startedAt: timeUnit.date(from: j["started_at"]),
                   finishedAt: finishedKey.flatMap { timeUnit.date(from: j[$0]) },
                   fineTunedModel: j["fine_tuned_model"]?.string,
                   trainingFile: j["training_file"]?.string, validationFile: j["validation_file"]?.string,
                   hyperparameters: hyper, trainedTokens: j["trained_tokens"]?.int, progress: progress,
                   estimatedFinish: timeUnit.date(from: j["estimated_finish"]), error: error,
                   metadata: j["metadata"]?.object, raw: j)
    }

    func event(_ e: JSONValue) -> JobEvent {
        let data = e["data"]?.object
        var metrics: JSONObject?
        if let data {
            var m = JSONObject()
            for (k, v) in data where k != "step" && k != "total_steps" { m[k] = v }
            metrics = m.isEmpty ? nil : m
        }
        return JobEvent(id: e["id"]?.string ?? "", time: RFC3339.date(from: e["created_at"]),
                        level: e["level"]?.string ?? "info", message: e["message"]?.string ?? "",
                        step: data?["step"]?.int, metrics: metrics, raw: e)
    }

    func checkpoint(_ c: JSONValue) -> Checkpoint {
        Checkpoint(id: c["id"]?.string ?? "", jobID: c["fine_tuning_job_id"]?.string,
                   step: c["step_number"]?.int ?? c["metrics"]?["step"]?.int,
                   createdAt: RFC3339.date(from: c["created_at"]),
                   fineTunedModelCheckpoint: c["fine_tuned_model_checkpoint"]?.string,
                   metrics: c["metrics"]?.object ?? JSONObject(),
                   resultFiles: c["result_files"]?.array?.compactMap(\.string) ?? [], raw: c)
    }

    /// Through a gateway the creation time's key and unit are the upstream's (Fireworks' upload
    /// says `create_at` in ms, Bedrock's get `createdAt` in seconds).
    func file(_ f: JSONValue) -> FileObject {
        let key = (upstream?.fileTimeKeys ?? ["created_at"]).first { f[$0] != nil && f[$0]?.isNull == false }
        return FileObject(id: f["id"]?.string ?? "", provider: provider.rawValue, filename: f["filename"]?.string,
                          bytes: f["bytes"]?.int.map(Int64.init), purpose: f["purpose"]?.string, status: f["status"]?.string,
                          createdAt: key.flatMap { (upstream?.fileTimeUnit ?? .seconds).date(from: f[$0]) }, raw: f)
    }

    /// `{object:"list", data, has_more}`; the next cursor is the last item's id.
    func page<T: Resource>(_ response: HTTPResponse, what: String, _ read: (JSONValue) -> T) throws -> Page<T> {
        try page(response, what: what, paging: .afterLastID, read)
    }

    /// A page as `paging` says it continues. Where the gateway cannot reach a second page, the
    /// page ends the list (never a loop on a token that is not one), and `raw.ftctl_truncated`
    /// says that more exist.
    func page<T: Resource>(_ response: HTTPResponse, what: String, paging: Upstream.Paging, _ read: (JSONValue) -> T) throws -> Page<T> {
        let json = try JSONValue.body(response, what)
        guard let data = json["data"]?.array ?? json.array else {
            throw FTError(.badResponse, what: what, why: "the response has no `data` list")
        }
        let items = data.filter { $0.object != nil }.map(read)
        switch paging {
        case .afterLastID:
            let hasMore = json["has_more"]?.bool ?? false
            return Page(items: items, hasMore: hasMore, next: items.last.map { .after($0.id) }, raw: json)
        case .firstPageOnly(let more, _):
            let field = json[more]
            let truncated = field?.bool ?? (field.map { !$0.isNull } ?? false)
            var raw = json
            if truncated, var o = json.object {
                o["ftctl_truncated"] = .string("the gateway cannot page past this one (`\(more)` says more exist)")
                raw = .object(o)
            }
            return Page(items: items, hasMore: false, next: nil, raw: raw)
        }
    }

    func one<T>(_ response: HTTPResponse, what: String, _ read: (JSONValue) -> T) throws -> T {
        let json = try JSONValue.body(response, what)
        guard json.object != nil else { throw FTError(.badResponse, what: what, why: "expected a JSON object") }
        return read(json)
    }

    // MARK: Requests

    func request(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil, operation: String) -> HTTPRequest {
        urls.request(method, path, query: query, body: body, operation: operation)
    }

    /// `extra`: query parameters from settings (Nebius's ai_project_id).
    func listJobs(_ q: JobQuery, extra: [(String, String?)] = []) -> Endpoint<Page<Job>> {
        var query: [(String, String?)] = [("limit", q.limit.map(String.init))] + extra
        if case .after(let a) = q.page { query.append(("after", a)) }
        for (k, v) in q.metadata { query.append(("metadata[\(k)]", v)) }
        let what = "list jobs"
        return Endpoint(request(.get, "/fine_tuning/jobs", query: query, operation: what)) { r in
            try self.page(r, what: what, paging: self.upstream?.paging ?? .afterLastID, self.job)
        }
    }

    func getJob(_ id: String) -> Endpoint<Job> {
        let what = "get job \(id)"
        return Endpoint(request(.get, "/fine_tuning/jobs/\(jobSegment(id))", operation: what)) { r in
            try self.one(r, what: what, self.job)
        }
    }

    func createJob(body: JSONValue, extra: [(String, String?)] = []) -> Endpoint<Job> {
        let what = "create job"
        var r = request(.post, "/fine_tuning/jobs", query: extra, body: body, operation: what)
        // Never re-sent blindly: JobCreator looks the job up by its request id first.
        r.retry = .afterLookup
        return Endpoint(r) { r in
            try self.one(r, what: what, self.job)
        }
    }

    func action(_ action: JobAction, _ id: String) -> Endpoint<Job> {
        let what = "\(action.rawValue) job \(id)"
        var r = request(.post, "/fine_tuning/jobs/\(jobSegment(id))/\(action.rawValue)", operation: what)
        // Cancelling, pausing or resuming twice ends in the same state as once.
        r.retry = .safe
        return Endpoint(r) { r in
            // Through a gateway the answer to a cancel is not the job: Bedrock's and Vertex's are
            // raw `{}` (src/providers/bedrock/api.ts has no cancel transform), Fireworks' a
            // double-mapped stub (src/providers/fireworks-ai/cancelFinetune.ts). Only the id is
            // trusted; the status is read on the next get.
            let job = try self.one(r, what: what, self.job)
            guard let upstream = self.upstream, !upstream.answersCancelWithJob else { return job }
            return Job(id: id, provider: self.provider.rawValue, status: JobStatus(rawValue: "cancelling"), raw: job.raw)
        }
    }

    func events(_ id: String, _ q: EventQuery) -> Endpoint<Page<JobEvent>> {
        let what = "list events of job \(id)"
        return Endpoint(request(.get, "/fine_tuning/jobs/\(jobSegment(id))/events",
                                query: [("after", q.after), ("limit", q.limit.map(String.init))], operation: what)) { r in
            try self.page(r, what: what, self.event)
        }
    }

    func checkpoints(_ id: String, _ q: EventQuery) -> Endpoint<Page<Checkpoint>> {
        let what = "list checkpoints of job \(id)"
        return Endpoint(request(.get, "/fine_tuning/jobs/\(jobSegment(id))/checkpoints",
                                query: [("after", q.after), ("limit", q.limit.map(String.init))], operation: what)) { r in
            try self.page(r, what: what, self.checkpoint)
        }
    }

    /// `GET /files?purpose&limit&order&after` (openapi.yaml `/files` get; openai-python `file_list_params.py`).
    func listFiles(_ q: FileQuery) -> Endpoint<Page<FileObject>> {
        let what = "list files"
        let query: [(String, String?)] = [("purpose", q.purpose), ("limit", q.limit.map(String.init)), ("order", q.order), ("after", q.after)]
        return Endpoint(request(.get, "/files", query: query, operation: what)) { r in
            try self.page(r, what: what, paging: self.upstream?.filePaging ?? .afterLastID, self.file)
        }
    }

    func getFile(_ id: String) -> Endpoint<FileObject> {
        let what = "get file \(id)"
        return Endpoint(request(.get, "/files/\(fileSegment(id))", operation: what)) { r in
            try self.one(r, what: what, self.file)
        }
    }

    func deleteFile(_ id: String) -> Endpoint<Void> {
        let what = "delete file \(id)"
        return Endpoint(request(.delete, "/files/\(fileSegment(id))", operation: what)) { _ in () }
    }

    /// `expiresAfter`: `FileExpirationAfter` (oa:39751), `{anchor: "created_at", seconds}`, sent as
    /// the spec's curl example sends it: `-F expires_after[anchor]=created_at -F expires_after[seconds]=N`.
    func uploadFile(path: String, purpose: String, expiresAfter: Int? = nil) throws -> Endpoint<FileObject> {
        var form = MultipartForm()
        form.addField("purpose", purpose)
        if let expiresAfter {
            form.addField("expires_after[anchor]", "created_at")
            form.addField("expires_after[seconds]", String(expiresAfter))
        }
        try form.addFile("file", path: path, contentType: path.hasSuffix(".jsonl") ? "application/jsonl" : "application/octet-stream")
        let what = "upload \((path as NSString).lastPathComponent)"
        var r = request(.post, "/files", operation: what)
        r.body = form.body
        r.headers["Content-Type"] = form.contentType
        // Large uploads are bounded by progress, not by the whole-request limit.
        r.timeout = .none
        // DatasetUpload looks the file up (name and size) before sending the bytes again.
        r.retry = .afterLookup
        return Endpoint(r) { r in try self.one(r, what: what, self.file) }
    }

    func download(_ id: String, sink: any ResponseSink) -> Endpoint<Void> {
        let what = "download file \(id)"
        var r = request(.get, "/files/\(fileSegment(id))/content", operation: what)
        r.headers["Accept"] = "*/*"
        r.sink = sink
        r.timeout = .none
        return Endpoint(r) { _ in () }
    }

    // MARK: Uploads API

    func createUpload(filename: String, purpose: String, bytes: Int64, mimeType: String) -> Endpoint<String> {
        let what = "start the upload of \(filename)"
        let body: JSONValue = .object(JSONObject([("filename", .string(filename)), ("purpose", .string(purpose)),
                                                  ("bytes", .int(bytes)), ("mime_type", .string(mimeType))]))
        var r = request(.post, "/uploads", body: body, operation: what)
        // A second upload session left pending costs nothing and expires unused.
        r.retry = .safe
        return Endpoint(r) { r in
            guard let id = try JSONValue.body(r, what)["id"]?.string else { throw FTError(.badResponse, what: what, why: "no upload id") }
            return id
        }
    }

    func addUploadPart(uploadID: String, path: String, offset: Int64, length: Int64) -> Endpoint<String> {
        let what = "upload a part of \((path as NSString).lastPathComponent)"
        var form = MultipartForm()
        form.addFile("data", segment: .fileRange(path: path, offset: offset, length: length), filename: "part")
        var r = request(.post, "/uploads/\(URLBuilder.segment(uploadID))/parts", operation: what)
        r.body = form.body
        r.headers["Content-Type"] = form.contentType
        r.timeout = .none
        // A part that is never named in `complete` is discarded, so a repeated part is harmless.
        r.retry = .safe
        return Endpoint(r) { r in
            guard let id = try JSONValue.body(r, what)["id"]?.string else { throw FTError(.badResponse, what: what, why: "no part id") }
            return id
        }
    }

    func completeUpload(uploadID: String, partIDs: [String], md5: String) -> Endpoint<FileObject> {
        let what = "complete upload \(uploadID)"
        let body: JSONValue = .object(JSONObject([("part_ids", .array(partIDs.map { .string($0) })), ("md5", .string(md5))]))
        return Endpoint(request(.post, "/uploads/\(URLBuilder.segment(uploadID))/complete", body: body, operation: what)) { r in
            let json = try JSONValue.body(r, what)
            guard let file = json["file"], file.object != nil else {
                throw FTError(.badResponse, what: what, why: "the completed upload names no file (status \(json["status"]?.string ?? "?"))")
            }
            return self.file(file)
        }
    }

    func cancelUpload(uploadID: String) -> Endpoint<Void> {
        var r = request(.post, "/uploads/\(URLBuilder.segment(uploadID))/cancel", operation: "cancel upload \(uploadID)")
        r.retry = .safe
        return Endpoint(r) { _ in () }
    }
}
