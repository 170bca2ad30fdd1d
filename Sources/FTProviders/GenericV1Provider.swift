import FTCore
import Foundation

/// `generic-v1` (alias `strongly`): the platform REST API under `{root}/api/v1/fine-tuning`.
/// camelCase on the wire, ISO 8601 times, `X-API-Key`, bodies bare or wrapped in `{success, data}`.
public struct GenericV1Provider: FineTuningProvider {
    public let declaration: ProviderDeclaration
    let urls: URLBuilder

    public init(declaration: ProviderDeclaration = .genericV1, baseURL: String) {
        self.declaration = declaration
        urls = URLBuilder(base: baseURL, suffix: declaration.baseURLSuffix)
    }

    // MARK: Reading

    /// The body, unwrapped from `{success, data}` when it is wrapped.
    static func payload(_ response: HTTPResponse, _ what: String) throws -> JSONValue {
        let json = try JSONValue.body(response, what)
        if json["success"]?.bool != nil, let data = json["data"] { return data }
        return json
    }

    func job(_ j: JSONValue) -> Job {
        var hyper = JSONObject()
        let names = ["epochs": "epochs", "learningRate": "learning_rate", "batchSize": "batch_size", "warmupSteps": "warmup_steps"]
        for (k, v) in j["hyperparameters"]?.object ?? JSONObject() { hyper[names[k] ?? Self.snake(k)] = v }
        let metrics = j["metrics"]
        let progress = metrics.flatMap { m -> Job.Progress? in
            let p = Job.Progress(step: m["step"]?.int, totalSteps: m["totalSteps"]?.int, epoch: m["epoch"]?.double)
            return p.isEmpty ? nil : p
        }
        var failure: Job.Failure?
        if let e = j["error"], !e.isNull {
            failure = e.string.map { Job.Failure(message: $0) } ?? Job.Failure(code: e["code"]?.string, message: e["message"]?.string)
        }
        return Job(id: j["id"]?.string ?? "", provider: id.rawValue, status: JobStatus.normalize(j["status"]?.string ?? "unknown"),
                   name: j["name"]?.string, model: j["baseModel"]?.string,
                   createdAt: RFC3339.date(from: j["createdAt"]), startedAt: RFC3339.date(from: j["startedAt"]),
                   finishedAt: RFC3339.date(from: j["finishedAt"]), fineTunedModel: j["resultModel"]?.string,
                   trainingFile: j["trainingFile"]?.string ?? j["trainingDataset"]?.string,
                   validationFile: j["validationFile"]?.string, hyperparameters: hyper,
                   trainedTokens: j["trainedTokens"]?.int, progress: progress, error: failure, raw: j)
    }

    static func snake(_ camel: String) -> String {
        var out = ""
        for c in camel {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// A record whose keys are snake_case, for tables and normalized JSON: the documented fields
    /// first, in the documents' order, then any others.
    static func record(_ v: JSONValue, idKey: String = "id", order: [String] = []) -> Record {
        var o = JSONObject()
        let fields = v.object ?? JSONObject()
        for k in order where fields[k] != nil { o[snake(k)] = fields[k] }
        for (k, value) in fields where !order.contains(k) { o[snake(k)] = value }
        return Record(id: v[idKey]?.string ?? "", json: .object(o), raw: v)
    }

    // MARK: Requests

    func request(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil, operation: String) -> HTTPRequest {
        var r = HTTPRequest(method: method, url: urls.url("/fine-tuning" + path, query), operation: operation)
        r.headers["Accept"] = "application/json"
        if let body {
            r.body = .json(body)
            r.headers["Content-Type"] = "application/json"
        }
        return r
    }

    public func listJobs(_ q: JobQuery) throws -> Endpoint<Page<Job>> {
        var start = 0
        if case .offset(let o) = q.page { start = o }
        let offset = start
        if case .after = q.page {
            throw FTError(.usage, what: "list after a cursor", why: "generic-v1 pages by offset, not by cursor", hint: "Leave the cursor out and page by limit.", setting: .cursor)
        }
        let status = q.status.map { JobStatus.normalize($0) == .succeeded ? "completed" : $0 }
        let what = "list jobs"
        let r = request(.get, "/jobs", query: [("status", status), ("baseModel", q.model), ("search", q.search),
                                               ("limit", q.limit.map(String.init)), ("offset", offset == 0 ? nil : String(offset)),
                                               ("sort", q.sort)], operation: what)
        return Endpoint(r) { response in
            let json = try Self.payload(response, what)
            guard let list = json["jobs"]?.array ?? json.array else { throw FTError(.badResponse, what: what, why: "the response has no `jobs` list") }
            let items = list.filter { $0.object != nil }.map(self.job)
            let start = json["offset"]?.int ?? offset
            let total = json["count"]?.int
            let next = start + items.count
            let more = total.map { next < $0 } ?? false
            return Page(items: items, hasMore: more, next: more ? .offset(next) : nil, raw: json)
        }
    }

    public func getJob(_ id: String) throws -> Endpoint<Job> {
        let what = "get job \(id)"
        return Endpoint(request(.get, "/jobs/\(URLBuilder.segment(id))", operation: what)) { r in
            self.job(try Self.payload(r, what))
        }
    }

    public func createJob(_ spec: JobSpec) throws -> Endpoint<Job> {
        let body = try CreateBody.build(spec, declaration: declaration)
        let what = "create job"
        var r = request(.post, "/jobs", body: .object(body), operation: what)
        // Never re-sent blindly: JobCreator looks the job up by its name first.
        r.retry = .afterLookup
        return Endpoint(r) { r in
            self.job(try Self.payload(r, what))
        }
    }

    public func perform(_ action: JobAction, jobID: String) throws -> Endpoint<Job> {
        guard [.stop, .restart, .deploy].contains(action) else { throw unsupported(action.operation) }
        let what = "\(action.rawValue) job \(jobID)"
        var r = request(.post, "/jobs/\(URLBuilder.segment(jobID))/\(action.rawValue)", operation: what)
        // Stopping twice is stopping once; a restart or a deploy repeated would start another run.
        r.retry = action == .stop ? .safe : .unsafe
        return Endpoint(r) { r in
            self.job(try Self.payload(r, what))
        }
    }

    public func deleteJob(_ id: String) throws -> Endpoint<Void> {
        Endpoint(request(.delete, "/jobs/\(URLBuilder.segment(id))", operation: "delete job \(id)")) { _ in () }
    }

    /// Logs have no ids; a line's id is its position, so paging callers see each once.
    public func listEvents(jobID: String, _ query: EventQuery) throws -> Endpoint<Page<JobEvent>> {
        let what = "logs of job \(jobID)"
        let r = request(.get, "/jobs/\(URLBuilder.segment(jobID))/logs",
                        query: [("lines", query.limit.map(String.init)), ("since", query.since)], operation: what)
        return Endpoint(r) { response in
            let json = try Self.payload(response, what)
            let logs = json["logs"]?.array ?? []
            let events = logs.enumerated().map { n, l in
                JobEvent(id: "\(jobID)-\(n)", time: RFC3339.date(from: l["timestamp"]), level: l["level"]?.string ?? "info",
                         message: l["message"]?.string ?? "", raw: l)
            }
            // Newest first, like the other providers' event lists.
            return Page(items: events.reversed(), hasMore: false, raw: json)
        }
    }

    public func jobMetrics(_ id: String) throws -> Endpoint<[Record]> {
        let what = "metrics of job \(id)"
        return Endpoint(request(.get, "/jobs/\(URLBuilder.segment(id))/metrics", operation: what)) { r in
            let json = try Self.payload(r, what)
            return (json["metrics"]?["steps"]?.array ?? []).map { Self.record($0, idKey: "step", order: ["step", "trainingLoss", "validationLoss", "learningRate"]) }
        }
    }

    public func stats() throws -> Endpoint<Record> {
        Endpoint(request(.get, "/stats", operation: "stats")) { r in
            Self.record(try Self.payload(r, "stats"), idKey: "total", order: ["total", "running", "completed", "failed", "queued"])
        }
    }

    public func listModels() throws -> Endpoint<[Record]> {
        Endpoint(request(.get, "/base-models", operation: "list models")) { r in
            (try Self.payload(r, "list models")["models"]?.array ?? []).map {
                Self.record($0, order: ["id", "name", "provider", "parameterCount", "maxSequenceLength", "supportedTasks"])
            }
        }
    }

    public func listHardware() throws -> Endpoint<[Record]> {
        Endpoint(request(.get, "/hardware", operation: "list hardware")) { r in
            (try Self.payload(r, "list hardware")["hardware"]?.array ?? []).map {
                Self.record($0, order: ["id", "name", "gpuMemory", "gpuCount", "costPerHour"])
            }
        }
    }

    public func estimateCost(model: String, examples: Int) throws -> Endpoint<Record> {
        let body: JSONValue = .object(JSONObject([("baseModel", .string(model)), ("datasetSize", .int(Int64(examples)))]))
        var request = request(.post, "/estimate-cost", body: body, operation: "estimate cost")
        // A computation: nothing is made.
        request.retry = .safe
        return Endpoint(request) { r in
            Self.record(try Self.payload(r, "estimate cost"), idKey: "baseModel",
                        order: ["baseModel", "datasetSize", "estimatedCost", "currency", "estimatedTimeMinutes"])
        }
    }
}
