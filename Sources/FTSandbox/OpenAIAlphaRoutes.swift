import FTCore
import Foundation
import Hummingbird

/// OpenAI's checkpoint permissions and alpha graders, written from openai/openai-openapi
/// `openapi.yaml` (commit f85dbe223d40e1a31cba812ab2d755c7e98a92a3):
/// - `POST /fine_tuning/checkpoints/{model}/permissions` `{project_ids}` (oa:34990; additionalProperties
///   false) and `GET` (project_id, after, limit default 10, order ascending|descending, default
///   descending) answer `{object:"list", data, first_id, last_id, has_more}` (oa:42877) of
///   `{id, object:"checkpoint.permission", created_at, project_id}` (oa:40151); `DELETE …/{permission_id}`
///   answers `{id, object:"checkpoint.permission", deleted}` (oa:37854).
/// - `POST /fine_tuning/alpha/graders/validate` `{grader}` → `{grader}` (oa:65335, oa:65350), and
///   `POST …/run` `{grader, model_sample, item?}` → RunGraderResponse (oa:61749). The reward here is a
///   stand-in (string_check's operation on the rendered templates, else 0): the sandbox runs no model.
extension OpenAIRoutes {
    /// The model in the path, as sent: `ft:…` with its colons raw or percent-encoded.
    static func model(_ context: Context) -> String {
        let raw = context.parameters.get("model") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    func registerAlpha(on group: RouterGroup<Context>) {
        group.post("fine_tuning/checkpoints/:model/permissions") { request, context in
            try await share(request, Self.model(context))
        }
        group.get("fine_tuning/checkpoints/:model/permissions") { request, context in
            await permissions(request, Self.model(context))
        }
        group.delete("fine_tuning/checkpoints/:model/permissions/:permission") { _, context in
            await unshare(Self.model(context), context.parameters.get("permission") ?? "")
        }
        group.post("fine_tuning/alpha/graders/validate") { request, _ in try await validateGrader(request) }
        group.post("fine_tuning/alpha/graders/run") { request, _ in try await runGrader(request) }
    }

    func share(_ request: Request, _ model: String) async throws -> Response {
        guard let body = try await Reply.bodyJSON(request), let ids = body["project_ids"]?.array?.compactMap(\.string), !ids.isEmpty else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'project_ids'.", param: "project_ids", code: "missing_required_parameter")
        }
        if let extra = body.object?.keys.first(where: { $0 != "project_ids" }) {
            return Reply.openAIError(.badRequest, "Unrecognized request argument supplied: \(extra.prefix(64))", param: extra)
        }
        let added = await store.share(model: model, projects: ids)
        return Reply.json(Self.permissionList(added, hasMore: false))
    }

    func permissions(_ request: Request, _ model: String) async -> Response {
        var all = await store.permissions(model: model)  // oldest first
        if let project = Reply.query(request, "project_id") { all = all.filter { $0.projectID == project } }
        switch Reply.query(request, "order") ?? "descending" {
        case "descending": all.reverse()
        case "ascending": break
        default: return Reply.openAIError(.badRequest, "order must be one of ascending, descending", param: "order")
        }
        var limit = 10
        if let text = Reply.query(request, "limit") {
            guard let l = Int(text), l >= 1 else { return Reply.openAIError(.badRequest, "limit must be a positive integer", param: "limit") }
            limit = l
        }
        var rest = all[...]
        if let after = Reply.query(request, "after"), let i = all.firstIndex(where: { $0.id == after }) { rest = all[(i + 1)...] }
        let shown = Array(rest.prefix(limit))
        return Reply.json(Self.permissionList(shown, hasMore: rest.count > shown.count))
    }

    func unshare(_ model: String, _ id: String) async -> Response {
        guard await store.unshare(model: model, permissionID: id) else {
            return Reply.openAIError(.notFound, "No such permission: \(id)", param: "permission_id")
        }
        return Reply.json(.object(JSONObject([("id", .string(id)), ("object", "checkpoint.permission"), ("deleted", true)])))
    }

    static func permissionList(_ items: [CheckpointPermission], hasMore: Bool) -> JSONValue {
        let data: [JSONValue] = items.map { p in
            .object(JSONObject([("id", .string(p.id)), ("object", "checkpoint.permission"), ("created_at", Shapes.unix(p.createdAt)),
                                ("project_id", .string(p.projectID))]))
        }
        return .object(JSONObject([("object", "list"), ("data", .array(data)), ("first_id", data.first?["id"] ?? .null),
                                   ("last_id", data.last?["id"] ?? .null), ("has_more", .bool(hasMore))]))
    }

    /// The grader, checked against the schema, or the 400 OpenAI's shape gives.
    func grader(_ body: JSONValue?) -> Result<JSONValue, GraderRefusal> {
        guard let grader = body?["grader"] else { return .failure(GraderRefusal(message: "Missing required parameter: 'grader'.")) }
        do { try GraderSchema.check(grader, source: "grader") } catch let e as FTError {
            return .failure(GraderRefusal(message: "Invalid grader: \(e.why)"))
        } catch {}
        return .success(grader)
    }

    func validateGrader(_ request: Request) async throws -> Response {
        switch grader(try await Reply.bodyJSON(request)) {
        case .failure(let r): return Reply.openAIError(.badRequest, r.message, param: "grader")
        case .success(let g): return Reply.json(.object(JSONObject([("grader", g)])))
        }
    }

    func runGrader(_ request: Request) async throws -> Response {
        let body = try await Reply.bodyJSON(request)
        guard let sample = body?["model_sample"]?.string else {
            return Reply.openAIError(.badRequest, "Missing required parameter: 'model_sample'.", param: "model_sample")
        }
        switch grader(body) {
        case .failure(let r): return Reply.openAIError(.badRequest, r.message, param: "grader")
        case .success(let g):
            let reward = Self.stringCheck(g, sample: sample, item: body?["item"] ?? .null)
            let errors = JSONObject(["formula_parse_error", "sample_parse_error", "truncated_observation_error", "unresponsive_reward_error",
                                     "invalid_variable_error", "other_error", "python_grader_server_error", "python_grader_runtime_error",
                                     "model_grader_server_error", "model_grader_refusal_error", "model_grader_parse_error"].map { ($0, false) }
                                    + [("python_grader_server_error_type", .null), ("python_grader_runtime_error_details", .null),
                                       ("model_grader_server_error_details", .null)])
            let name = g["name"]?.string ?? ""
            let metadata = JSONObject([("name", .string(name)), ("type", g["type"] ?? .null), ("errors", .object(errors)),
                                       ("execution_time", 0.001), ("scores", .object(JSONObject([(name, .double(reward))]))),
                                       ("token_usage", .null), ("sampled_model_name", .null)])
            return Reply.json(.object(JSONObject([("reward", .double(reward)), ("metadata", .object(metadata)),
                                                  ("sub_rewards", .object(JSONObject())),
                                                  ("model_grader_token_usage_per_model", .object(JSONObject()))])))
        }
    }

    /// string_check on `{{sample.output_text}}` and `{{item.KEY}}`; any other grader scores 0.
    static func stringCheck(_ g: JSONValue, sample: String, item: JSONValue) -> Double {
        guard g["type"]?.string == "string_check", let input = g["input"]?.string, let reference = g["reference"]?.string else { return 0 }
        func render(_ t: String) -> String {
            var out = t.replacingOccurrences(of: "{{sample.output_text}}", with: sample)
            for (k, v) in item.object ?? JSONObject() { out = out.replacingOccurrences(of: "{{item.\(k)}}", with: v.string ?? "") }
            return out
        }
        let (a, b) = (render(input), render(reference))
        switch g["operation"]?.string {
        case "eq": return a == b ? 1 : 0
        case "ne": return a != b ? 1 : 0
        case "like": return a.contains(b) ? 1 : 0
        case "ilike": return a.lowercased().contains(b.lowercased()) ? 1 : 0
        default: return 0
        }
    }
}

struct GraderRefusal: Error {
    let message: String
}
