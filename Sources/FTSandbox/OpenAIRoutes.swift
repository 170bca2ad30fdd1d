import FTCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The OpenAI surface: `/v1` (openai, portkey, nebius) and, with their own rules, TrueFoundry's
/// `/api/llm` and Nebius's `/nebius/v1`.
struct OpenAIRoutes<Context: RequestContext> {
    let store: SandboxStore
    let surface: EmulatedSurface

    var speed: Double { store.options.speed }

    func register(on group: RouterGroup<Context>) {
        group.post("fine_tuning/jobs") { request, _ in try await createJob(request) }
        group.get("fine_tuning/jobs") { request, _ in await listJobs(request) }
        group.get("fine_tuning/jobs/:id") { _, context in await getJob(context.parameters.get("id") ?? "") }
        group.post("fine_tuning/jobs/:id/cancel") { _, context in await act(.cancel, context.parameters.get("id") ?? "") }
        if surface.eventsAndCheckpoints {
            group.get("fine_tuning/jobs/:id/events") { request, context in await events(request, context.parameters.get("id") ?? "") }
            group.get("fine_tuning/jobs/:id/checkpoints") { request, context in await checkpoints(request, context.parameters.get("id") ?? "") }
        }
        if surface.checkpointFiles {
            group.get("fine_tuning/jobs/:id/checkpoints/:checkpoint") { _, context in
                await checkpoint(context.parameters.get("id") ?? "", context.parameters.get("checkpoint") ?? "")
            }
        }
        if surface.openAIOnly { registerAlpha(on: group) }
        if surface.pausesAndUploadsInParts {
            group.post("fine_tuning/jobs/:id/pause") { _, context in await act(.pause, context.parameters.get("id") ?? "") }
            group.post("fine_tuning/jobs/:id/resume") { _, context in await act(.resume, context.parameters.get("id") ?? "") }
            group.post("uploads") { request, _ in try await createUpload(request) }
            group.post("uploads/:id/parts") { request, context in try await addPart(request, context.parameters.get("id") ?? "") }
            group.post("uploads/:id/complete") { request, context in try await complete(request, context.parameters.get("id") ?? "") }
            group.post("uploads/:id/cancel") { _, context in await cancelUpload(context.parameters.get("id") ?? "") }
        }
        group.post("files") { request, _ in try await uploadFile(request) }
        group.get("files") { request, _ in await listFiles(request) }
        group.get("files/:id") { request, context in await getFile(request, context.parameters.get("id") ?? "") }
        group.delete("files/:id") { request, context in await deleteFile(request, context.parameters.get("id") ?? "") }
        group.get("files/:id/content") { request, context in await content(request, context.parameters.get("id") ?? "") }
    }

    // MARK: Jobs

    func createJob(_ request: Request) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), body.object != nil else {
            return Reply.openAIError(.badRequest, "The request body must be a JSON object.")
        }
        if surface == .nebius {
            let problems = NebiusCreateRules.problems(body)
            if !problems.isEmpty { return Reply.fastAPIErrors(problems) }
        }
        guard let model = body["model"]?.string, !model.isEmpty else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        }
        guard let training = body["training_file"]?.string, !training.isEmpty else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'training_file'.", param: "training_file", code: "missing_required_parameter")
        }
        guard await store.file(training) != nil else {
            return Reply.openAIError(.badRequest, "invalid training_file: \(training)", param: "training_file", code: "invalid_file")
        }
        if let v = body["validation_file"]?.string, await store.file(v) == nil {
            return Reply.openAIError(.badRequest, "invalid validation_file: \(v)", param: "validation_file", code: "invalid_file")
        }
        if let meta = body["metadata"]?.object, meta.entries.count > 16 {
            return Reply.openAIError(.badRequest, "metadata may hold at most 16 pairs", param: "metadata")
        }
        if surface != .nebius, let (message, param) = OpenAICreateRules.problem(body) {
            return Reply.openAIError(.badRequest, message, param: param, code: "invalid_value")
        }
        let method = body["method"] ?? .null
        let methodType = method["type"]?.string ?? "supervised"
        let hp = method[methodType]?["hyperparameters"]?.object ?? body["hyperparameters"]?.object ?? JSONObject()
        let job = await store.createJob(surface: surface, model: model, trainingFile: training) { j in
            j.validationFile = body["validation_file"]?.string
            j.suffix = body["suffix"]?.string
            j.seed = body["seed"]?.int
            j.metadata = body["metadata"] ?? .null
            j.hyperparameters = hp
            j.method = method
            j.integrations = body["integrations"] ?? .null
            j.tags = body["tags"] ?? .null
            if var checkpoint = body["from_checkpoint"]?.object {
                checkpoint["token"] = nil  // a secret: never echoed back
                j.fromCheckpoint = .object(checkpoint)
            }
            if case .array(let list) = j.integrations {
                // Integration keys are secrets too.
                j.integrations = .array(list.map { Redactor().redact(json: $0).removingRedacted() })
            }
        }
        return Reply.json(Shapes.openAIJob(job, now: Date(), speed: speed))
    }

    func listJobs(_ request: Request) async -> Response {
        let all = await store.listJobs(surface: surface)
        var shown = all
        if let meta = request.uri.queryParameters.first(where: { $0.key.hasPrefix("metadata[") }) {
            let key = String(meta.key.dropFirst(9).dropLast())
            shown = shown.filter { $0.metadata[key]?.string == String(meta.value) }
        }
        return page(shown.map { Shapes.openAIJob($0, now: Date(), speed: speed) }, request, defaultLimit: 20)
    }

    func getJob(_ id: String) async -> Response {
        guard let job = await store.job(id), job.surface == surface else { return notFound(id) }
        return Reply.json(Shapes.openAIJob(job, now: Date(), speed: speed))
    }

    func act(_ action: JobAction, _ id: String) async -> Response {
        guard let job = await store.job(id), job.surface == surface else { return notFound(id) }
        do {
            let after = try await store.act(action, on: job.id)
            return Reply.json(Shapes.openAIJob(after, now: Date(), speed: speed))
        } catch SandboxStore.ActionProblem.conflict(let why) {
            return Reply.openAIError(.badRequest, why, code: "invalid_state")
        } catch {
            return notFound(id)
        }
    }

    func events(_ request: Request, _ id: String) async -> Response {
        guard let job = await store.job(id), job.surface == surface else { return notFound(id) }
        var limit = 20
        if let text = Reply.query(request, "limit") {
            guard let l = Int(text), (1...100).contains(l) else {
                return Reply.openAIError(.badRequest, "limit must be an integer from 1 to 100", param: "limit")
            }
            limit = l
        }
        let after = Reply.query(request, "after")
        guard let list = Shapes.openAIEventPage(job, job.events(at: Date(), speed: speed), after: after, limit: limit) else {
            return Reply.openAIError(.badRequest, "after: no such id \(after ?? "")", param: "after")
        }
        return Reply.json(list)
    }

    func checkpoints(_ request: Request, _ id: String) async -> Response {
        guard let job = await store.job(id), job.surface == surface else { return notFound(id) }
        let list = job.checkpoints(at: Date(), speed: speed).reversed().map {
            Shapes.openAICheckpoint(job, step: $0.step, time: $0.time, files: surface.checkpointFiles)
        }
        return page(Array(list), request, defaultLimit: 10)
    }

    /// Nebius's one checkpoint: the get-one shape has no `result_files` (only the list's items do).
    func checkpoint(_ id: String, _ checkpointID: String) async -> Response {
        guard let job = await store.job(id), job.surface == surface else { return notFound(id) }
        let all = job.checkpoints(at: Date(), speed: speed).map { Shapes.openAICheckpoint(job, step: $0.step, time: $0.time, files: false) }
        guard let one = all.first(where: { $0["id"]?.string == checkpointID }) else {
            return Reply.json(.object(JSONObject([("detail", .string("Checkpoint \(checkpointID) not found"))])), status: .notFound)
        }
        return Reply.json(one)
    }

    func notFound(_ id: String) -> Response {
        Reply.openAIError(.notFound, "No such fine-tuning job: \(id).", param: "fine_tuning_job_id", code: "fine_tune_not_found")
    }

    /// `{object:"list", data, has_more}` with `after` (an id) and `limit` (1–100).
    /// `ends`: the list carries `first_id` and `last_id`, as the spec's ListFilesResponse requires.
    func page(_ items: [JSONValue], _ request: Request, defaultLimit: Int, ends listsCarryEnds: Bool = false) -> Response {
        var limit = defaultLimit
        if let text = Reply.query(request, "limit") {
            guard let l = Int(text), (1...100).contains(l) else {
                return Reply.openAIError(.badRequest, "limit must be an integer from 1 to 100", param: "limit")
            }
            limit = l
        }
        var rest = items[...]
        if let after = Reply.query(request, "after") {
            guard let i = items.firstIndex(where: { $0["id"]?.string == after }) else {
                return Reply.openAIError(.badRequest, "after: no such id \(after)", param: "after")
            }
            rest = items[(i + 1)...]
        }
        let shown = Array(rest.prefix(limit))
        var list = JSONObject([("object", "list"), ("data", .array(shown))])
        if listsCarryEnds {
            list["first_id"] = shown.first?["id"] ?? .null
            list["last_id"] = shown.last?["id"] ?? .null
        }
        list["has_more"] = .bool(rest.count > shown.count)
        return Reply.json(.object(list))
    }

    /// The purposes the OpenAI spec's enums allow for `POST /files` and `POST /uploads`.
    static var filePurposes: [String] { ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"] }
    static var uploadPurposes: [String] { ["assistants", "batch", "fine-tune", "vision"] }

    // MARK: Files

    /// TrueFoundry routes files by this header and refuses them without it.
    func needsProviderName(_ request: Request) -> Response? {
        guard surface == .truefoundry, Reply.header(request, "x-tfy-provider-name") == nil else { return nil }
        return Reply.openAIError(.badRequest, "Missing required header: x-tfy-provider-name", param: "x-tfy-provider-name")
    }

    func uploadFile(_ request: Request) async throws -> Response {
        if let refused = needsProviderName(request) { return refused }
        guard let form = try await ReceivedForm.read(request) else {
            return Reply.openAIError(.badRequest, "The request must be multipart/form-data with a `file` part.")
        }
        guard let file = form.files["file"] else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'file'.", param: "file", code: "missing_required_parameter")
        }
        guard let purpose = form.fields["purpose"], !purpose.isEmpty else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'purpose'.", param: "purpose", code: "missing_required_parameter")
        }
        if surface == .truefoundry && file.data.count > 512 << 20 {
            return Reply.openAIError(.badRequest, "File is larger than 512 MB.", param: "file")
        }
        guard Self.filePurposes.contains(purpose) else {
            return Reply.openAIError(.badRequest, "'\(purpose.prefix(64))' is not one of \(Self.filePurposes.joined(separator: ", ")) - 'purpose'",
                                     param: "purpose", code: "invalid_value")
        }
        // FileExpirationAfter (openapi.yaml oa:39751): anchor "created_at", seconds 3600–2592000,
        // sent as the spec's curl example does: expires_after[anchor], expires_after[seconds].
        var expiresAfter: Int?
        if form.fields["expires_after[anchor]"] != nil || form.fields["expires_after[seconds]"] != nil {
            guard surface.openAIOnly else { return Reply.openAIError(.badRequest, "Unrecognized parameter: expires_after", param: "expires_after") }
            guard form.fields["expires_after[anchor]"] == "created_at" else {
                return Reply.openAIError(.badRequest, "expires_after.anchor must be 'created_at'", param: "expires_after.anchor")
            }
            guard let s = form.fields["expires_after[seconds]"].flatMap({ Int($0) }), (3600...2_592_000).contains(s) else {
                return Reply.openAIError(.badRequest, "expires_after.seconds must be an integer from 3600 to 2592000", param: "expires_after.seconds")
            }
            expiresAfter = s
        }
        let stored = await store.addFile(filename: file.filename, purpose: purpose, content: file.data, expiresAfter: expiresAfter)
        return Reply.json(Shapes.openAIFile(stored))
    }

    func listFiles(_ request: Request) async -> Response {
        if let refused = needsProviderName(request) { return refused }
        var files = await store.listFiles()
        if let purpose = Reply.query(request, "purpose") { files = files.filter { $0.purpose == purpose } }
        // `order` by created_at, asc or desc (default desc); the store lists newest first.
        switch Reply.query(request, "order") ?? "desc" {
        case "desc": break
        case "asc": files.reverse()
        default: return Reply.openAIError(.badRequest, "order must be one of asc, desc", param: "order")
        }
        return page(files.map(Shapes.openAIFile), request, defaultLimit: 100, ends: true)
    }

    func getFile(_ request: Request, _ id: String) async -> Response {
        if let refused = needsProviderName(request) { return refused }
        guard let f = await store.anyFile(id) else { return fileNotFound(id) }
        return Reply.json(Shapes.openAIFile(f))
    }

    func deleteFile(_ request: Request, _ id: String) async -> Response {
        if let refused = needsProviderName(request) { return refused }
        guard await store.deleteFile(id) else { return fileNotFound(id) }
        return Reply.json(.object(JSONObject([("id", .string(id)), ("object", "file"), ("deleted", true)])))
    }

    func content(_ request: Request, _ id: String) async -> Response {
        if let refused = needsProviderName(request) { return refused }
        guard let f = await store.anyFile(id) else { return fileNotFound(id) }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: f.content)))
    }

    func fileNotFound(_ id: String) -> Response {
        Reply.openAIError(.notFound, "No such File object: \(id)", param: "id")
    }

    // MARK: Uploads API

    func uploadJSON(_ u: UploadSession, file: StoredFile? = nil) -> JSONValue {
        .object(JSONObject([
            ("id", .string(u.id)), ("object", "upload"), ("bytes", .int(Int64(u.bytes))), ("created_at", Shapes.unix(u.createdAt)),
            ("filename", .string(u.filename)), ("purpose", .string(u.purpose)), ("status", .string(u.status)),
            ("expires_at", Shapes.unix(u.createdAt.addingTimeInterval(3600))), ("file", file.map(Shapes.openAIFile) ?? .null),
        ]))
    }

    func createUpload(_ request: Request) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), let filename = body["filename"]?.string,
              let purpose = body["purpose"]?.string, let bytes = body["bytes"]?.int, let mime = body["mime_type"]?.string else {
            return Reply.openAIError(.badRequest, "filename, purpose, bytes and mime_type are required", code: "missing_required_parameter")
        }
        guard bytes >= 0 else { return Reply.openAIError(.badRequest, "bytes must be 0 or more", param: "bytes") }
        guard bytes <= 8 << 30 else { return Reply.openAIError(.badRequest, "bytes must be at most 8 GB", param: "bytes") }
        guard Self.uploadPurposes.contains(purpose) else {
            return Reply.openAIError(.badRequest, "'\(purpose.prefix(64))' is not one of \(Self.uploadPurposes.joined(separator: ", ")) - 'purpose'",
                                     param: "purpose", code: "invalid_value")
        }
        return Reply.json(uploadJSON(await store.createUpload(filename: filename, purpose: purpose, bytes: bytes, mimeType: mime)))
    }

    func addPart(_ request: Request, _ id: String) async throws -> Response {
        guard let form = try await ReceivedForm.read(request), let data = form.files["data"]?.data ?? form.fields["data"].map({ Data($0.utf8) }) else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'data'.", param: "data", code: "missing_required_parameter")
        }
        guard data.count <= 64 << 20 else { return Reply.openAIError(.badRequest, "A part may be at most 64 MB.", param: "data") }
        do {
            let part = try await store.addPart(upload: id, data: data)
            return Reply.json(.object(JSONObject([("id", .string(part)), ("object", "upload.part"), ("created_at", Shapes.unix(Date())), ("upload_id", .string(id))])))
        } catch {
            return uploadProblem(error, id)
        }
    }

    func complete(_ request: Request, _ id: String) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), let parts = body["part_ids"]?.array?.compactMap(\.string) else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'part_ids'.", param: "part_ids", code: "missing_required_parameter")
        }
        do {
            let (u, file) = try await store.completeUpload(id, partIDs: parts, md5: body["md5"]?.string)
            return Reply.json(uploadJSON(u, file: file))
        } catch {
            return uploadProblem(error, id)
        }
    }

    func cancelUpload(_ id: String) async -> Response {
        do {
            return Reply.json(uploadJSON(try await store.cancelUpload(id)))
        } catch {
            return uploadProblem(error, id)
        }
    }

    func uploadProblem(_ error: any Error, _ id: String) -> Response {
        switch error as? SandboxStore.UploadProblem {
        case .notFound?: return Reply.openAIError(.notFound, "No such upload: \(id)")
        case .notPending(let s)?: return Reply.openAIError(.badRequest, "Upload \(id) is already \(s).")
        case .unknownPart(let p)?: return Reply.openAIError(.badRequest, "Upload \(id) has no part \(p).", param: "part_ids")
        case .sizeMismatch(let got, let want)?:
            return Reply.openAIError(.badRequest, "The parts add up to \(got) bytes, but the upload was created for \(want).", param: "part_ids")
        case .md5Mismatch?: return Reply.openAIError(.badRequest, "The md5 checksum does not match the uploaded bytes.", param: "md5")
        case nil: return Reply.openAIError(.internalServerError, "\(error)", type: "server_error")
        }
    }
}

extension JSONValue {
    /// Drops fields a Redactor masked, so a stored integration keeps no trace of a key.
    func removingRedacted() -> JSONValue {
        switch self {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o where v != .string(Redactor.mask) { out[k] = v.removingRedacted() }
            return .object(out)
        case .array(let a): return .array(a.map { $0.removingRedacted() })
        default: return self
        }
    }
}
