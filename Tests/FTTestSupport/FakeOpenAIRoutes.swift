import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A small OpenAI-shaped fine-tuning API for the CLI's end-to-end tests: fixed jobs, cursor paging,
/// Bearer auth, OpenAI error bodies. (The sandbox is the full emulator; this pins exact answers.)
public enum FakeOpenAIRoutes {
    public static let apiKey = "sk-test-SECRET-1234"

    /// Newest first, as OpenAI lists them. Job 5 has a status word no provider documents.
    public static var jobs: [[String: Any]] { (1...5).reversed().map(job) }

    static func job(_ n: Int) -> [String: Any] {
        let statuses = ["succeeded", "running", "failed", "cancelled", "brand_new_status"]
        var hp: [String: Any] = [:]
        hp["n_epochs"] = 3
        hp["batch_size"] = "auto"
        hp["learning_rate_multiplier"] = 1.8
        var job: [String: Any] = [:]
        job["object"] = "fine_tuning.job"
        job["id"] = "ftjob-\(n)"
        job["model"] = "gpt-4o-mini-2024-07-18"
        job["created_at"] = 1_721_764_800 + n * 60
        job["finished_at"] = n == 1 ? 1_721_768_400 : NSNull()
        job["fine_tuned_model"] = n == 1 ? "ft:gpt-4o-mini:org::abc" : NSNull()
        job["organization_id"] = "org-123"
        job["result_files"] = [String]()
        job["status"] = statuses[n - 1]
        job["validation_file"] = NSNull()
        job["training_file"] = "file-train\(n)"
        job["method"] = ["type": "supervised", "supervised": ["hyperparameters": hp]]
        job["trained_tokens"] = n == 1 ? 12_345 : NSNull()
        job["metadata"] = NSNull()
        job["seed"] = 42
        job["unknown_extra_field"] = ["nested": true]
        return job
    }

    public static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/fine_tuning/jobs") { request, _ -> Response in
            if let denied = auth(request) { return denied }
            // Pages of at most 2, so listing more than that must follow the cursor.
            let limit = min(2, Int(request.uri.queryParameters["limit"].map(String.init) ?? "20") ?? 20)
            var list = jobs
            if let after = request.uri.queryParameters["after"].map(String.init),
               let i = list.firstIndex(where: { $0["id"] as? String == after }) {
                list = Array(list[(i + 1)...])
            }
            let page = Array(list.prefix(limit))
            return EchoRoutes.json(["object": "list", "data": page, "has_more": list.count > page.count])
        }
        router.get("/v1/fine_tuning/jobs/:id") { request, context -> Response in
            if let denied = auth(request) { return denied }
            let id = context.parameters.get("id") ?? ""
            guard let job = jobs.first(where: { $0["id"] as? String == id }) else {
                return error(404, "No such fine-tuning job: \(id).", code: "fine_tune_not_found")
            }
            return EchoRoutes.json(job)
        }
        router.post("/v1/fine_tuning/jobs") { request, context -> Response in
            if let denied = auth(request) { return denied }
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            guard let json = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                  let model = json["model"] as? String, let file = json["training_file"] as? String else {
                return error(400, "Missing required parameter: 'model'.", code: "missing_required_parameter")
            }
            var job = jobs[0]
            job["id"] = "ftjob-new"
            job["model"] = model
            job["training_file"] = file
            job["status"] = "validating_files"
            job["method"] = json["method"] ?? NSNull()
            job["fine_tuned_model"] = NSNull()
            return EchoRoutes.json(job)
        }
        router.post("/v1/fine_tuning/jobs/:id/cancel") { request, context -> Response in
            if let denied = auth(request) { return denied }
            var job = jobs.first { $0["id"] as? String == context.parameters.get("id") } ?? [:]
            guard !job.isEmpty else { return error(404, "No such fine-tuning job.", code: "fine_tune_not_found") }
            job["status"] = "cancelled"
            return EchoRoutes.json(job)
        }
        router.get("/v1/fine_tuning/jobs/:id/events") { request, context -> Response in
            if let denied = auth(request) { return denied }
            let events: [[String: Any]] = (1...3).reversed().map { n in
                var e: [String: Any] = ["object": "fine_tuning.job.event", "id": "ftevent-\(n)", "level": "info", "type": "metrics"]
                e["created_at"] = 1_721_764_800 + n
                e["message"] = "Step \(n * 10)/30: training loss=\(2.0 / Double(n))"
                e["data"] = ["step": n * 10, "train_loss": 2.0 / Double(n)] as [String: Any]
                return e
            }
            return EchoRoutes.json(["object": "list", "data": events, "has_more": false])
        }
        router.post("/v1/files") { request, _ -> Response in
            if let denied = auth(request) { return denied }
            var count = 0
            for try await buffer in request.body { count += buffer.readableBytes }
            return EchoRoutes.json(["object": "file", "id": "file-uploaded", "bytes": count, "created_at": 1_721_764_800,
                                    "filename": "train.jsonl", "purpose": "fine-tune", "status": "processed"])
        }
        router.get("/v1/echo-headers") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            return EchoRoutes.json(["headers": headers])
        }
        return router
    }

    static func auth(_ request: Request) -> Response? {
        request.headers[.authorization] == "Bearer \(apiKey)" ? nil
            : error(401, "Incorrect API key provided: sk-te****1234.", code: "invalid_api_key")
    }

    static func error(_ status: Int, _ message: String, code: String) -> Response {
        EchoRoutes.json(["error": ["message": message, "type": "invalid_request_error", "param": NSNull(), "code": code]],
                        status: .init(code: status))
    }
}
