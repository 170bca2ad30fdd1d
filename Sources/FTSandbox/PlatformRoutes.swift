import FTCore
import Foundation
import HTTPTypes
import Hummingbird

/// The generic v1 platform API under `/api/v1/fine-tuning`. Bodies are bare, or wrapped in
/// `{success, data}` when the request says `x-sandbox-envelope: 1` (some deployments wrap).
struct PlatformRoutes<Context: RequestContext> {
    let store: SandboxStore
    var speed: Double { store.options.speed }

    static var baseModels: JSONValue {
        .array([
            ["id": "llama-3.1-8b", "name": "LLaMA 3.1 8B", "provider": "meta", "parameterCount": "8B",
             "supportedTasks": ["text-generation", "classification"], "maxSequenceLength": 8192],
            ["id": "llama-3.1-70b", "name": "LLaMA 3.1 70B", "provider": "meta", "parameterCount": "70B",
             "supportedTasks": ["text-generation", "classification", "summarization"], "maxSequenceLength": 8192],
            ["id": "mistral-7b-v0.3", "name": "Mistral 7B v0.3", "provider": "mistralai", "parameterCount": "7B",
             "supportedTasks": ["text-generation", "classification"], "maxSequenceLength": 32768],
        ])
    }

    static var hardware: JSONValue {
        .array([
            ["id": "gpu-a100-40gb", "name": "NVIDIA A100 40GB", "gpuMemory": "40GB", "gpuCount": 1, "costPerHour": 3.5],
            ["id": "gpu-a100-80gb", "name": "NVIDIA A100 80GB", "gpuMemory": "80GB", "gpuCount": 1, "costPerHour": 5.0],
            ["id": "gpu-a100-80gb-x4", "name": "NVIDIA A100 80GB x4", "gpuMemory": "80GB", "gpuCount": 4, "costPerHour": 18.0],
        ])
    }

    func register(on group: RouterGroup<Context>) {
        group.get("jobs") { request, _ in await list(request) }
        group.post("jobs") { request, _ in try await create(request) }
        group.get("jobs/:id") { request, context in await get(request, context.parameters.get("id") ?? "") }
        group.delete("jobs/:id") { request, context in await delete(request, context.parameters.get("id") ?? "") }
        for action in [JobAction.stop, .restart, .deploy] {
            group.post("jobs/:id/\(action.rawValue)") { request, context in await act(request, action, context.parameters.get("id") ?? "") }
        }
        group.get("jobs/:id/logs") { request, context in await logs(request, context.parameters.get("id") ?? "") }
        group.get("jobs/:id/metrics") { request, context in await metrics(request, context.parameters.get("id") ?? "") }
        group.get("stats") { request, _ in await stats(request) }
        group.get("base-models") { request, _ in reply(request, .object(JSONObject([("models", Self.baseModels)]))) }
        group.get("hardware") { request, _ in reply(request, .object(JSONObject([("hardware", Self.hardware)]))) }
        group.post("estimate-cost") { request, _ in try await estimate(request) }
    }

    func reply(_ request: Request, _ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        if Reply.header(request, "x-sandbox-envelope") == "1" {
            return Reply.json(.object(JSONObject([("success", true), ("data", value)])), status: status)
        }
        return Reply.json(value, status: status)
    }

    func notFound(_ id: String) -> Response { Reply.platformError(.notFound, "NOT_FOUND", "Fine-tuning job \(id) not found") }

    func platformJob(_ id: String) async -> SandboxJob? {
        guard let job = await store.job(id), job.surface == .generic else { return nil }
        return job
    }

    func list(_ request: Request) async -> Response {
        let now = Date()
        var jobs = await store.listJobs(surface: .generic).map { Shapes.genericJob($0, now: now, speed: speed) }
        if let status = Reply.query(request, "status") { jobs = jobs.filter { $0["status"]?.string == status } }
        if let model = Reply.query(request, "baseModel") { jobs = jobs.filter { $0["baseModel"]?.string == model } }
        if let q = Reply.query(request, "search")?.lowercased() {
            jobs = jobs.filter { ($0["name"]?.string ?? "").lowercased().contains(q) || ($0["description"]?.string ?? "").lowercased().contains(q) }
        }
        if let sort = Reply.query(request, "sort") {
            // `field` or `field:desc`; an empty field sorts by nothing.
            let colon = sort.firstIndex(of: ":")
            let field = String(colon.map { sort[..<$0] } ?? sort[...])
            let desc = colon.map { sort[sort.index(after: $0)...] == "desc" } ?? false
            jobs.sort { a, b in
                let x = a[field]?.string ?? "", y = b[field]?.string ?? ""
                return desc ? x > y : x < y
            }
        }
        guard let limit = Int(Reply.query(request, "limit") ?? "20"), limit >= 1, limit <= 100,
              let offset = Int(Reply.query(request, "offset") ?? "0"), offset >= 0 else {
            return Reply.platformError(.badRequest, "VALIDATION_ERROR", "limit must be 1–100 and offset 0 or more")
        }
        let shown = Array(jobs.dropFirst(offset).prefix(limit)).map(Shapes.genericListItem)
        return reply(request, .object(JSONObject([("count", .int(Int64(jobs.count))), ("limit", .int(Int64(limit))),
                                                  ("offset", .int(Int64(offset))), ("jobs", .array(shown))])))
    }

    func create(_ request: Request) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), body.object != nil else {
            return Reply.platformError(.badRequest, "VALIDATION_ERROR", "The request body must be a JSON object")
        }
        for field in ["name", "baseModel", "trainingDataset"] where (body[field]?.string ?? "").isEmpty {
            return Reply.platformError(.badRequest, "VALIDATION_ERROR", "\(field) is required")
        }
        let model = body["baseModel"]?.string ?? ""
        let dataset = body["trainingDataset"]?.string ?? ""
        let job = await store.createJob(surface: .generic, model: model, trainingFile: dataset) { j in
            j.name = body["name"]?.string
            j.description = body["description"]?.string
            j.validationFile = body["validationFile"]?.string
            j.suffix = body["suffix"]?.string
            j.hyperparameters = body["hyperparameters"]?.object ?? JSONObject()
        }
        let full = Shapes.genericJob(job, now: Date(), speed: speed)
        let short = JSONObject([("id", full["id"] ?? .null), ("name", full["name"] ?? .null), ("baseModel", full["baseModel"] ?? .null),
                                ("status", full["status"] ?? .null), ("createdAt", full["createdAt"] ?? .null)])
        return reply(request, .object(short), status: .created)
    }

    func get(_ request: Request, _ id: String) async -> Response {
        guard let job = await platformJob(id) else { return notFound(id) }
        return reply(request, Shapes.genericJob(job, now: Date(), speed: speed))
    }

    func delete(_ request: Request, _ id: String) async -> Response {
        guard await platformJob(id) != nil else { return notFound(id) }
        do {
            try await store.deleteJob(id)
            return Response(status: .noContent)
        } catch SandboxStore.ActionProblem.conflict(let why) {
            return Reply.platformError(.conflict, "CONFLICT", why)
        } catch {
            return notFound(id)
        }
    }

    func act(_ request: Request, _ action: JobAction, _ id: String) async -> Response {
        guard await platformJob(id) != nil else { return notFound(id) }
        do {
            let job = try await store.act(action, on: id)
            let full = Shapes.genericJob(job, now: Date(), speed: speed)
            var o = JSONObject([("id", .string(id))])
            if action == .deploy { o["resultModel"] = full["resultModel"] }
            o["status"] = full["status"]
            let verb = ["stop": "stopped", "restart": "restarted", "deploy": "deployed"][action.rawValue] ?? action.rawValue
            o["message"] = .string(action == .deploy ? "Fine-tuned model deployed successfully" : "Fine-tuning job \(verb) successfully")
            return reply(request, .object(o))
        } catch SandboxStore.ActionProblem.conflict(let why) {
            return Reply.platformError(.conflict, "CONFLICT", why)
        } catch {
            return notFound(id)
        }
    }

    func logs(_ request: Request, _ id: String) async -> Response {
        guard let job = await platformJob(id) else { return notFound(id) }
        var events = job.events(at: Date(), speed: speed)
        if let since = Reply.query(request, "since") {
            guard let cutoff = RFC3339.parse(since) else {
                return Reply.platformError(.badRequest, "VALIDATION_ERROR", "since must be an ISO 8601 timestamp")
            }
            events = events.filter { $0.time > cutoff }
        }
        let lines = Int(Reply.query(request, "lines") ?? "100") ?? 100
        let shown = events.suffix(max(0, lines)).map { e in
            JSONValue.object(JSONObject([("timestamp", Shapes.iso(e.time)), ("level", .string(e.level)), ("message", .string(e.message))]))
        }
        return reply(request, .object(JSONObject([("jobId", .string(id)), ("logs", .array(shown))])))
    }

    func metrics(_ request: Request, _ id: String) async -> Response {
        guard let job = await platformJob(id) else { return notFound(id) }
        let (_, step) = job.state(at: Date(), speed: speed)
        let every = job.metricsEvery
        var steps: [JSONValue] = []
        var s = every
        while s <= step {
            steps.append(.object(JSONObject([
                ("step", .int(Int64(s))), ("trainingLoss", job.trainLossValue(step: s)),
                ("validationLoss", job.validLossValue(step: s)),
                ("learningRate", job.hyperparameters["learningRate"] ?? .double(0.0002)),
            ])))
            s += every
        }
        let full = Shapes.genericJob(job, now: Date(), speed: speed)
        let m = JSONObject([
            ("trainingLoss", full["metrics"]?["trainingLoss"] ?? .null), ("validationLoss", full["metrics"]?["validationLoss"] ?? .null),
            ("currentEpoch", full["metrics"]?["epoch"] ?? .int(0)), ("totalEpochs", .int(Int64(job.epochs))),
            ("trainedTokens", full["trainedTokens"] ?? .int(0)), ("steps", .array(steps)),
        ])
        return reply(request, .object(JSONObject([("jobId", .string(id)), ("metrics", .object(m))])))
    }

    func stats(_ request: Request) async -> Response {
        let now = Date()
        let words = await store.listJobs(surface: .generic).map { Shapes.genericJob($0, now: now, speed: speed)["status"]?.string ?? "" }
        func count(_ w: String) -> JSONValue { .int(Int64(words.filter { $0 == w }.count)) }
        return reply(request, .object(JSONObject([("total", .int(Int64(words.count))), ("running", count("running")),
                                                  ("completed", count("completed")), ("failed", count("failed")), ("queued", count("queued"))])))
    }

    /// The documented example is 50,000 examples → 42.50 USD in 180 minutes; the sandbox scales it linearly.
    func estimate(_ request: Request) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), let model = body["baseModel"]?.string, let size = body["datasetSize"]?.int, size > 0 else {
            return Reply.platformError(.badRequest, "VALIDATION_ERROR", "baseModel and a positive datasetSize are required")
        }
        let scale = model.contains("70b") ? 8.0 : 1.0
        return reply(request, .object(JSONObject([
            ("baseModel", .string(model)), ("datasetSize", .int(Int64(size))),
            ("estimatedCost", .double((Double(size) * 0.00085 * scale * 100).rounded() / 100)),
            ("estimatedTimeMinutes", .int(Int64((Double(size) * 0.0036 * scale).rounded()))), ("currency", "USD"),
        ])))
    }
}
