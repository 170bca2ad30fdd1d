import FTCore
import Foundation

/// One checkpoint by id (Nebius) and OpenAI's checkpoint permissions. Permissions, from
/// openai/openai-openapi `openapi.yaml` (commit f85dbe2): `POST /fine_tuning/checkpoints/{model}/permissions`
/// with `{"project_ids": [...]}` (oa:34990) and `GET` (query project_id, after, limit, order) both
/// answer `ListFineTuningCheckpointPermissionResponse` (oa:42877); `DELETE …/permissions/{id}` answers
/// `{id, object: "checkpoint.permission", deleted}` (oa:37854). The path names the fine-tuned model
/// (`ft:…`), not the `ftckpt_…` id. They need an admin API key.
extension OpenAIWireFormat {
    /// `GET /fine_tuning/jobs/{job_id}/checkpoints/{checkpoint_id}` (nebius/tokenfactory-rl
    /// openapi-fine-tuning.yaml). That answer has no `result_files`; only the list's items do.
    func checkpoint(jobID: String, checkpointID: String) -> Endpoint<Checkpoint> {
        let what = "get checkpoint \(checkpointID) of job \(jobID)"
        let path = "/fine_tuning/jobs/\(URLBuilder.segment(jobID))/checkpoints/\(URLBuilder.segment(checkpointID))"
        return Endpoint(request(.get, path, operation: what)) { r in try self.one(r, what: what, self.checkpoint) }
    }

    func permission(_ p: JSONValue) -> Record {
        Record(id: p["id"]?.string ?? "", json: .object(JSONObject([
            ("id", p["id"] ?? .null), ("project_id", p["project_id"] ?? .null),
            ("created_at", RFC3339.date(from: p["created_at"]).map { .string(RFC3339.format($0)) } ?? .null),
        ])), raw: p)
    }

    private func permissionsPath(_ model: String) -> String {
        "/fine_tuning/checkpoints/\(URLBuilder.segment(model))/permissions"
    }

    func share(model: String, projectIDs: [String]) -> Endpoint<Page<Record>> {
        let what = "share \(model)"
        var r = request(.post, permissionsPath(model), body: .object(JSONObject([("project_ids", .array(projectIDs.map { .string($0) }))])),
                        operation: what)
        // Granting the same projects again leaves the same grants.
        r.retry = .safe
        return Endpoint(r) { r in try self.page(r, what: what, self.permission) }
    }

    func permissions(model: String, _ q: PermissionQuery) -> Endpoint<Page<Record>> {
        let what = "list permissions of \(model)"
        let query: [(String, String?)] = [("project_id", q.projectID), ("after", q.after), ("limit", q.limit.map(String.init)), ("order", q.order)]
        return Endpoint(request(.get, permissionsPath(model), query: query, operation: what)) { r in
            try self.page(r, what: what, self.permission)
        }
    }

    func unshare(model: String, permissionID: String) -> Endpoint<Record> {
        let what = "unshare \(model) (\(permissionID))"
        var r = request(.delete, permissionsPath(model) + "/" + URLBuilder.segment(permissionID), operation: what)
        r.retry = .safe
        return Endpoint(r) { r in
            try self.one(r, what: what) { j in
                Record(id: j["id"]?.string ?? permissionID, json: .object(JSONObject([("id", j["id"] ?? .null), ("deleted", j["deleted"] ?? .null)])), raw: j)
            }
        }
    }
}
