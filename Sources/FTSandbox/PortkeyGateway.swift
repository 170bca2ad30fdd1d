import FTCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Portkey's gateway in front of `/v1`, for requests that carry `x-portkey-api-key`: its request
/// validator, its create-body filter for OpenAI, and its fine-tuning routing for the upstreams it
/// translates (bedrock, fireworks-ai, vertex-ai). Written from Portkey-AI/gateway at 669825cb:
/// src/middlewares/requestValidator/index.ts, src/handlers/finetuneHandler.ts,
/// src/providers/*/api.ts (research note /work/research/portkey.md §1–§3).
struct PortkeyGateway<Context: RequestContext>: RouterMiddleware {
    let store: SandboxStore
    let journal: RequestJournal?

    var speed: Double { store.options.speed }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Reply.header(request, "x-portkey-api-key") != nil else { return try await next(request, context) }
        // requestValidator/index.ts: no Content-Type, application/json, multipart/form-data or
        // audio*; compared case-sensitively, parameters after `;` ignored.
        if let type = request.headers[.contentType] {
            let base = String(type.split(separator: ";", omittingEmptySubsequences: false).first ?? "")
            if !["application/json", "multipart/form-data"].contains(base) && !base.hasPrefix("audio") {
                return Reply.portkeyError(.badRequest, "Invalid content type passed")
            }
        }
        let path = request.uri.path
        let provider = Reply.header(request, "x-portkey-provider") ?? ""
        if path == "/v1/files" || path.hasPrefix("/v1/files/"), let upstream = GatewayUpstream(rawValue: provider) {
            return try await files(request, upstream)
        }
        guard path.hasPrefix("/v1/fine_tuning/jobs") else { return try await next(request, context) }
        if let upstream = GatewayUpstream(rawValue: provider) {
            return try await route(request, upstream)
        }
        if provider == "openai", request.method == .post, path == "/v1/fine_tuning/jobs" {
            return try await next(try await Self.filteredForOpenAI(request), context)
        }
        return try await next(request, context)
    }

    /// src/providers/openai/createFinetune.ts keeps only these keys of a create body: anything
    /// else (metadata included) never reaches OpenAI.
    static var openAICreateKeys: Set<String> { ["model", "suffix", "hyperparameters", "training_file", "validation_file",
                                                "integrations", "seed", "method"] }

    static func filteredForOpenAI(_ request: Request) async throws -> Request {
        var r = request
        let buffer = try await r.collectBody(upTo: 16 << 20)
        guard let body = JSONValue.parse(Data(buffer: buffer))?.object else { return r }
        let kept = JSONValue.object(JSONObject(body.entries.filter { openAICreateKeys.contains($0.key) }.map { ($0.key, $0.value) }))
        return Request(head: r.head, body: .init(buffer: ByteBuffer(string: kept.serialized())))
    }

    // MARK: finetuneHandler.ts

    /// `app.all('/v1/fine_tuning/jobs/:jobId?/:cancel?')`: the function follows from the method and
    /// whether a job id is there, never from the word after it. The id is the raw URL's last
    /// segment (the one before it for a cancel), query included and never decoded
    /// (src/providers/{bedrock,fireworks-ai,google-vertex-ai}/api.ts `split('/').at(-1|-2)`).
    func route(_ request: Request, _ upstream: GatewayUpstream) async throws -> Response {
        var raw = request.uri.path
        if let q = request.uri.query, !q.isEmpty { raw += "?" + q }
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(4)
        let hasJob = !(segments.first ?? "").isEmpty
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (request.method, hasJob) {
        case (.get, true): return await retrieve(parts.last ?? "", upstream)
        case (.get, false): return await list(request, upstream)
        case (.post, false): return try await create(request, upstream)
        case (.post, true): return await cancel(parts.dropLast().last ?? "", upstream)
        default: return await list(request, upstream)
        }
    }

    func find(_ id: String, _ upstream: GatewayUpstream) async -> SandboxJob? {
        await store.listJobs(surface: upstream.surface).first { upstream.id($0) == id }
    }

    func retrieve(_ id: String, _ upstream: GatewayUpstream) async -> Response {
        guard let job = await find(id, upstream) else {
            let (status, body) = upstream.notFound(id)
            return Reply.json(body, status: .init(code: status))
        }
        return Reply.json(upstream.job(job, now: Date(), speed: speed))
    }

    /// Bedrock forwards neither `after` nor `limit` (getEndpoint returns the fixed path); Vertex and
    /// Fireworks forward `after` as the upstream's pageToken, which only a token the upstream
    /// issued satisfies, and the gateway never hands one out (only job ids in last_id).
    func list(_ request: Request, _ upstream: GatewayUpstream) async -> Response {
        let jobs = await store.listJobs(surface: upstream.surface)
        var size = upstream.defaultPage
        if upstream != .bedrock {
            if let after = Reply.query(request, "after"), !after.isEmpty {
                return upstream == .fireworks
                    ? Reply.json(.object(JSONObject()), status: .badRequest)
                    : Reply.json(.object(JSONObject([("error", .object(JSONObject([("code", .int(400)), ("message", .string("Invalid page token: \(after)")),
                                                                                    ("status", "INVALID_ARGUMENT")]))), ("provider", "vertex-ai")])), status: .badRequest)
            }
            if let l = Reply.query(request, "limit").flatMap(Int.init), l >= 1 { size = min(l, 100) }
        }
        let now = Date()
        let shown = jobs.prefix(size).map { upstream.job($0, now: now, speed: speed, summary: true) }
        return Reply.json(upstream.list(Array(shown), more: jobs.count > size))
    }

    /// Bedrock answers only `{id}` with 201 (src/providers/bedrock/createFinetune.ts); Vertex and
    /// Fireworks the mapped job. Only the fields each create config maps are kept: metadata never
    /// reaches any of them.
    func create(_ request: Request, _ upstream: GatewayUpstream) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), body.object != nil else {
            return Reply.portkeyError(.internalServerError, "Something went wrong")
        }
        let model = body["model"]?.string ?? ""
        let training = (body["training_file"]?.string ?? "").removingPercentEncoding ?? ""
        // What the gateway sends upstream, journaled; refused as the upstream's API refuses it.
        switch upstream.upstreamCreate(body.object ?? JSONObject(), account: Reply.header(request, "x-portkey-fireworks-account-id")) {
        case .failure(let refusal):
            return Reply.json(upstream.refusalBody(refusal), status: .init(code: refusal.status))
        case .success(let sent):
            journal?.record(method: "POST", path: upstream.createPath, query: "", contentType: "application/json",
                            body: Data(JSONValue.object(sent).serialized().utf8), upstream: upstream.rawValue)
        }
        let method = body["method"] ?? .null
        let hp = method[method["type"]?.string ?? "supervised"]?["hyperparameters"]?.object ?? body["hyperparameters"]?.object ?? JSONObject()
        let job = await store.createJob(surface: upstream.surface, model: model, trainingFile: training) { j in
            j.suffix = body["suffix"]?.string
            j.validationFile = body["validation_file"]?.string.flatMap { $0.removingPercentEncoding }
            // Bedrock's default job name is portkey-finetune-<uuid> (createFinetune.ts).
            j.name = upstream == .bedrock ? (body["job_name"]?.string ?? "portkey-finetune-\(UUID().uuidString.lowercased())") : nil
            j.hyperparameters = hp
        }
        if upstream == .bedrock { return Reply.json(.object(JSONObject([("id", .string(upstream.id(job)))])), status: .created) }
        return Reply.json(upstream.job(job, now: Date(), speed: speed))
    }

    /// Any POST on a job id is a cancel: Bedrock `/stop` and Vertex `:cancel` answer raw `{}`;
    /// Fireworks is an HTTP DELETE of the job, answered with the double-mapped stub
    /// (src/providers/fireworks-ai/cancelFinetune.ts). The upstream call is journaled, so a test
    /// can see what a pause or resume would have become.
    func cancel(_ id: String, _ upstream: GatewayUpstream) async -> Response {
        let call = upstream.cancelCall(id)
        journal?.record(method: call.method, path: call.path, query: "", contentType: nil, body: nil, upstream: upstream.rawValue)
        guard let job = await find(id, upstream) else {
            let (status, body) = upstream.notFound(id)
            return Reply.json(body, status: .init(code: status))
        }
        switch upstream {
        case .fireworks:
            await store.removeJob(job.id)
            return Reply.json(.object(JSONObject([("hyperparameters", .object(JSONObject())), ("created_at", .null), ("status", "queued")])))
        case .bedrock, .vertex:
            _ = try? await store.act(.cancel, on: job.id)
            return Reply.json(.object(JSONObject()))
        }
    }
}
