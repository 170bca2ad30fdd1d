import FTCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Together AI's surface at `/together/v1` (its `api.together.xyz/v1`): the paths of
/// togethercomputer/openapi `openapi.yaml` @090263a, plus the routes the `together` SDK calls
/// during a create (model limits, the price estimate) and its three-step upload
/// (3.1.1 `lib/resources/files.py`), whose bytes go to `/together-upload/{id}` without credentials.
struct TogetherRoutes<Context: RequestContext> {
    let store: SandboxStore
    var speed: Double { store.options.speed }

    /// Where the upload URLs point; outside the authenticated group, as a signed URL is.
    static var uploadPath: String { "/together-upload" }

    func register(on group: RouterGroup<Context>) {
        group.post("fine-tunes") { request, _ in try await create(request) }
        group.get("fine-tunes") { _, _ in await list() }
        group.post("fine-tunes/estimate-price") { request, _ in try await estimatePrice(request) }
        group.get("fine-tunes/models/limits") { request, _ in limits(request) }
        group.get("fine-tunes/models/supported") { _, _ in Reply.json(.object(JSONObject([("models", .array(TogetherLimits.models.map { .string($0) }))]))) }
        group.get("fine-tunes/:id") { _, context in await get(context.parameters.get("id") ?? "") }
        group.delete("fine-tunes/:id") { _, context in await delete(context.parameters.get("id") ?? "") }
        group.post("fine-tunes/:id/cancel") { _, context in await cancel(context.parameters.get("id") ?? "") }
        group.get("fine-tunes/:id/events") { _, context in await events(context.parameters.get("id") ?? "") }
        group.get("fine-tunes/:id/checkpoints") { _, context in await checkpoints(context.parameters.get("id") ?? "") }
        group.get("fine-tunes/:id/metrics") { _, context in await metrics(context.parameters.get("id") ?? "") }
        group.get("finetune/download") { request, _ in await download(request) }
        group.post("files") { request, _ in try await startUpload(request) }
        group.post("files/upload") { request, _ in try await directUpload(request) }
        group.post("files/:id/preprocess") { _, context in await preprocess(context.parameters.get("id") ?? "") }
        group.get("files") { _, _ in
            Reply.json(.object(JSONObject([("object", "list"), ("data", .array(await store.listFiles().map(TogetherShapes.file)))])))
        }
        group.get("files/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let f = await store.anyFile(id) else { return fileNotFound(id) }
            return Reply.json(TogetherShapes.file(f))
        }
        group.delete("files/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard await store.deleteFile(id) else { return fileNotFound(id) }
            return Reply.json(.object(JSONObject([("id", .string(id)), ("object", "file"), ("deleted", true)])))
        }
        group.get("files/:id/content") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard let f = await store.anyFile(id) else { return fileNotFound(id) }
            return bytes(f.content, request, type: "application/octet-stream")
        }
    }

    /// The upload URL's PUT: no credentials (a signed URL carries its own); the SDK takes only 200.
    /// An `Authorization` header is refused as S3 refuses one beside a presigned URL's signature,
    /// so a client that would leak its key to the storage host fails here.
    static func registerUploads(on router: Router<Context>, store: SandboxStore) {
        router.put("\(uploadPath)/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            if request.headers[.authorization] != nil {
                return Reply.json(TogetherShapes.error("Only one auth mechanism allowed; only the signature in the URL or the Authorization header should be specified"),
                                  status: .badRequest)
            }
            var r = request
            let buffer = try await r.collectBody(upTo: 1 << 30)
            guard await store.receiveUpload(id, data: Data(buffer: buffer)) else {
                return Reply.json(TogetherShapes.error("no upload waits at this URL"), status: .notFound)
            }
            return Response(status: .ok)
        }
    }

    func error(_ status: HTTPResponse.Status, _ message: String, param: String? = nil) -> Response {
        Reply.json(TogetherShapes.error(message, param: param), status: status)
    }

    func notFound(_ id: String) -> Response { error(.notFound, "Fine-tune job \(id.prefix(80)) not found", param: "id") }
    func fileNotFound(_ id: String) -> Response { error(.notFound, "File \(id.prefix(80)) not found", param: "id") }

    func job(_ id: String) async -> SandboxJob? {
        guard let j = await store.job(id), j.surface == .together else { return nil }
        return j
    }

    // MARK: Jobs

    /// Every key but `training_file` and `model` (or `from_checkpoint`) is optional and unknown keys
    /// are ignored, as the SDKs drop nulls (`exclude_none=True`). W&B keys (`wandb_key` from the SDKs,
    /// `wandb_api_key` in the spec) and Hugging Face tokens are never echoed.
    func create(_ request: Request) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), let o = body.object else {
            return error(.badRequest, "The request body must be a JSON object.")
        }
        guard let training = o["training_file"]?.string, !training.isEmpty else {
            return error(.badRequest, "training_file is required", param: "training_file")
        }
        let model = o["model"]?.string ?? o["from_checkpoint"]?.string.map { String($0.split(separator: ":").first ?? "") } ?? ""
        guard !model.isEmpty else { return error(.badRequest, "model is required", param: "model") }
        guard await store.file(training) != nil else { return error(.badRequest, "Training file \(training.prefix(80)) not found", param: "training_file") }
        if let v = o["validation_file"]?.string, !v.isEmpty, await store.file(v) == nil {
            return error(.badRequest, "Validation file \(v.prefix(80)) not found", param: "validation_file")
        }
        if let problem = TogetherLimits.problem(o) { return error(.badRequest, problem.message, param: problem.param) }
        let secret: Set<String> = ["wandb_key", "wandb_api_key", "hf_api_token", "training_file", "validation_file", "model", "suffix"]
        let job = await store.createJob(surface: .together, model: model, trainingFile: training) { j in
            var hp = JSONObject(o.entries.filter { !secret.contains($0.key) })
            if hp["batch_size"]?.int == nil { hp["batch_size"] = .int(8) }  // "max" resolves to the model's largest
            if hp["n_epochs"] == nil { hp["n_epochs"] = 1 }  // the spec's default
            if hp["training_type"] == nil || hp["training_type"]?.isNull == true {
                hp["training_type"] = .object(JSONObject([("type", "Lora"), ("lora_r", 16), ("lora_alpha", 32), ("lora_dropout", 0.0),
                                                          ("lora_trainable_modules", "all-linear")]))
            }
            if hp["training_method"] == nil { hp["training_method"] = .object(JSONObject([("method", "sft"), ("train_on_inputs", "auto")])) }
            j.hyperparameters = hp
            j.suffix = o["suffix"]?.string
            j.validationFile = o["validation_file"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        }
        return Reply.json(TogetherShapes.job(job, now: Date(), speed: speed))
    }

    func list() async -> Response {
        let now = Date()
        let jobs = await store.listJobs(surface: .together).map { TogetherShapes.job($0, now: now, speed: speed) }
        return Reply.json(.object(JSONObject([("data", .array(jobs))])))
    }

    func get(_ id: String) async -> Response {
        guard let j = await job(id) else { return notFound(id) }
        return Reply.json(TogetherShapes.job(j, now: Date(), speed: speed))
    }

    /// Answered `cancel_requested`; later reads say `cancelled`. A finished job cannot be cancelled.
    func cancel(_ id: String) async -> Response {
        guard let j = await job(id) else { return notFound(id) }
        do {
            let after = try await store.act(.cancel, on: j.id)
            return Reply.json(TogetherShapes.job(after, now: Date(), speed: speed, word: "cancel_requested"))
        } catch SandboxStore.ActionProblem.conflict(let why) {
            return error(.badRequest, why)
        } catch {
            return notFound(id)
        }
    }

    /// FinetuneDeleteResponse `{"message"}`.
    func delete(_ id: String) async -> Response {
        guard let j = await job(id) else { return notFound(id) }
        await store.removeJob(j.id)
        return Reply.json(.object(JSONObject([("message", .string("Fine-tune job \(id) deleted"))])))
    }

    /// Oldest first, all of them.
    func events(_ id: String) async -> Response {
        guard let j = await job(id) else { return notFound(id) }
        let list = j.events(at: Date(), speed: speed).map { TogetherShapes.event(j, $0) }
        return Reply.json(.object(JSONObject([("object", "list"), ("data", .array(list))])))
    }

    func checkpoints(_ id: String) async -> Response {
        guard let j = await job(id) else { return notFound(id) }
        let list = j.checkpoints(at: Date(), speed: speed).reversed().map { TogetherShapes.checkpoint(j, step: $0.step, time: $0.time) }
        return Reply.json(.object(JSONObject([("data", .array(Array(list)))])))
    }

    /// `{"metrics":[{"train/loss", "train/learning_rate", "train/global_step"}]}`, oldest first
    /// (openapi.yaml `/fine-tunes/{id}/metrics`), every few steps so far; `eval/loss` with a validation file.
    func metrics(_ id: String) async -> Response {
        guard let j = await job(id) else { return notFound(id) }
        let (status, step) = j.state(at: Date(), speed: speed)
        let last = status == .succeeded ? j.totalSteps : step
        let rate = j.hyperparameters["learning_rate"]?.double ?? 0.00001
        let list: [JSONValue] = last < 1 ? [] : (1...last).filter { $0 % j.metricsEvery == 0 || $0 == j.totalSteps }.map { s in
            var o = JSONObject([("train/loss", j.trainLossValue(step: s)), ("train/learning_rate", .double(rate)),
                                ("train/global_step", .int(Int64(s)))])
            if j.reportsValidLoss { o["eval/loss"] = j.validLossValue(step: s) }
            return .object(o)
        }
        return Reply.json(.object(JSONObject([("metrics", .array(list))])))
    }

    /// `GET /finetune/download?ft_id&checkpoint&checkpoint_step`: the weights of a finished job, or of
    /// a saved checkpoint. The bytes stand for a tarball; `Range` is honoured (the SDK 1.x asks for
    /// `bytes=0-1` first to learn the size).
    func download(_ request: Request) async -> Response {
        let id = Reply.query(request, "ft_id") ?? ""
        guard let j = await job(id) else { return notFound(id) }
        let kind = Reply.query(request, "checkpoint") ?? "merged"
        guard ["merged", "adapter", "model_output_path", "default"].contains(kind) else {
            return error(.badRequest, "checkpoint must be merged or adapter", param: "checkpoint")
        }
        let now = Date()
        let saved = j.checkpoints(at: now, speed: speed)
        var step = j.totalSteps
        if let text = Reply.query(request, "checkpoint_step") {
            guard let s = Int(text), saved.contains(where: { $0.step == s }) else {
                return error(.badRequest, "Job \(id) has no checkpoint at step \(text.prefix(20))", param: "checkpoint_step")
            }
            step = s
        } else if j.state(at: now, speed: speed).status != .succeeded {
            return error(.badRequest, "Job \(id) has not completed; name a saved checkpoint_step", param: "ft_id")
        }
        var content = "ftctl-sandbox model weights\njob \(j.id)\nmodel \(j.model)\nstep \(step)\ncheckpoint \(kind)\n"
        for n in 0..<64 { content += "layer \(n): \(SandboxJob.trainLoss(j.id, step: n, of: 64))\n" }
        return bytes(Data(content.utf8), request, type: "application/x-tar")
    }

    /// The body, or the part a `Range: bytes=A-B` asks for (206 with `Content-Range`).
    func bytes(_ data: Data, _ request: Request, type: String) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let range = request.headers[.range], range.hasPrefix("bytes="), !data.isEmpty {
            let ends = range.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            if ends.count == 2, let a = ends[0], a < data.count {
                let b = min(ends[1] ?? data.count - 1, data.count - 1)
                if a <= b {
                    headers[.contentRange] = "bytes \(a)-\(b)/\(data.count)"
                    return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data[a...b])))
                }
            }
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `POST /fine-tunes/estimate-price`: every key the SDK 1.x requires, in dollars, even when no
    /// estimate is available (research §5.2).
    func estimatePrice(_ request: Request) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), body.object != nil else {
            return error(.badRequest, "The request body must be a JSON object.")
        }
        guard let training = body["training_file"]?.string, !training.isEmpty else {
            return error(.badRequest, "training_file is required", param: "training_file")
        }
        var out = JSONObject([("estimation_available", false), ("estimated_total_price", 0.0), ("allowed_to_proceed", true),
                              ("user_limit", 1000.0), ("estimated_train_token_count", 0), ("estimated_eval_token_count", 0)])
        guard let file = await store.file(training) else {
            out["unavailable_reason"] = "train_file_invalid"
            return Reply.json(.object(out))
        }
        let epochs = Int64(max(1, body["n_epochs"]?.int ?? 1))
        let evals = Int64(max(0, body["n_evals"]?.int ?? 0))
        let train = Int64(DatasetFacts(file.content).tokens) * epochs
        var eval: Int64 = 0
        if let v = body["validation_file"]?.string, !v.isEmpty, let vf = await store.file(v) { eval = Int64(DatasetFacts(vf.content).tokens) * evals }
        var probe = SandboxJob(id: "", surface: .together, model: "", trainingFile: "", createdAt: Date(), examples: 0,
                               tokensPerEpoch: 0, epochs: 1, totalSteps: 1)
        probe.hyperparameters = JSONObject([("training_type", body["training_type"] ?? .null), ("training_method", body["training_method"] ?? .null)])
        out["estimation_available"] = true
        out["estimated_total_price"] = .double(Double(train + eval) * TogetherShapes.nanoPerToken(probe) / 1e9)
        out["estimated_train_token_count"] = .int(train)
        out["estimated_eval_token_count"] = .int(eval)
        return Reply.json(.object(out))
    }

    /// `?model_name=` (the SDK 1.x async client sends `?model=`).
    func limits(_ request: Request) -> Response {
        let name = Reply.query(request, "model_name") ?? Reply.query(request, "model") ?? ""
        guard !name.isEmpty else { return error(.badRequest, "model_name is required", param: "model_name") }
        return Reply.json(TogetherLimits.limits(name))
    }

    // MARK: Files

    /// Step 1: a form (multipart from SDK 3.x, urlencoded from 1.x) naming the file; answered 302 with
    /// the upload URL and `X-Together-File-Id`.
    func startUpload(_ request: Request) async throws -> Response {
        var fields: [String: String] = [:]
        if let form = try await ReceivedForm.read(request) {
            fields = form.fields
        } else {
            var r = request
            let buffer = try await r.collectBody(upTo: 1 << 20)
            for pair in String(buffer: buffer).split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                if kv.count == 2 { fields[kv[0]] = kv[1] }
            }
        }
        guard let name = fields["file_name"], !name.isEmpty else { return error(.badRequest, "file_name is required", param: "file_name") }
        let purpose = fields["purpose"] ?? "fine-tune"
        guard TogetherLimits.purposes.contains(purpose) else {
            return error(.badRequest, "purpose must be one of \(TogetherLimits.purposes.joined(separator: ", "))", param: "purpose")
        }
        // FileType (openapi.yaml): csv, jsonl or parquet; the SDK 1.x sends none for jsonl.
        if let type = fields["file_type"], !["csv", "jsonl", "parquet"].contains(type) {
            return error(.badRequest, "file_type must be one of csv, jsonl, parquet", param: "file_type")
        }
        let id = await store.reserveUpload(filename: name, purpose: purpose)
        let host = request.head.authority ?? "\(store.options.host):\(store.options.port)"
        var headers = HTTPFields()
        headers[.location] = "http://\(host)\(Self.uploadPath)/\(id)"
        headers[HTTPField.Name("X-Together-File-Id")!] = id
        return Response(status: .found, headers: headers)
    }

    /// Step 3.
    func preprocess(_ id: String) async -> Response {
        guard let f = await store.finishUpload(id) else { return fileNotFound(id) }
        return Reply.json(TogetherShapes.file(f))
    }

    /// `POST /files/upload`: the spec's one-request multipart upload (purpose, file_name, file_type, file).
    func directUpload(_ request: Request) async throws -> Response {
        guard let form = try await ReceivedForm.read(request), let file = form.files["file"] else {
            return error(.badRequest, "multipart/form-data with a file part is required", param: "file")
        }
        let purpose = form.fields["purpose"] ?? "fine-tune"
        let name = form.fields["file_name"] ?? file.filename
        let stored = await store.addFile(filename: name, purpose: purpose, content: file.data, id: await store.uuidID("file-"))
        return Reply.json(TogetherShapes.file(stored))
    }
}
