import FTCore

/// OpenAI's alpha grader endpoints, from openai/openai-openapi `openapi.yaml` (commit f85dbe2):
/// `POST /fine_tuning/alpha/graders/validate` `{grader}` → `{grader}` (ValidateGraderRequest oa:65335,
/// ValidateGraderResponse oa:65350) and `POST /fine_tuning/alpha/graders/run`
/// `{grader, model_sample, item?}` → `{reward, metadata, sub_rewards, model_grader_token_usage_per_model}`
/// (RunGraderRequest oa:61711, RunGraderResponse oa:61749). `metadata.token_usage` is typed an
/// integer but the spec's example gives an object, so the answer is kept as JSON, not decoded.
extension OpenAIWireFormat {
    func validateGrader(_ grader: JSONValue) -> Endpoint<Record> {
        let what = "validate grader"
        var r = request(.post, "/fine_tuning/alpha/graders/validate", body: .object(JSONObject([("grader", grader)])), operation: what)
        // Validation changes nothing on the server.
        r.retry = .safe
        return Endpoint(r) { r in
            try self.one(r, what: what) { j in Record(id: j["grader"]?["name"]?.string ?? "grader", json: j, raw: j) }
        }
    }

    func runGrader(_ grader: JSONValue, modelSample: String, item: JSONValue?) -> Endpoint<Record> {
        let what = "run grader"
        var body = JSONObject([("grader", grader), ("model_sample", .string(modelSample))])
        if let item { body["item"] = item }
        var r = request(.post, "/fine_tuning/alpha/graders/run", body: .object(body), operation: what)
        // A run grades and stores nothing; a model grader's tokens may be spent twice, no more.
        r.retry = .safe
        return Endpoint(r) { r in
            try self.one(r, what: what) { j in
                Record(id: j["metadata"]?["name"]?.string ?? "grader", json: .object(JSONObject([
                    ("reward", j["reward"] ?? .null), ("sub_rewards", j["sub_rewards"] ?? .null), ("metadata", j["metadata"] ?? .null),
                ])), raw: j)
            }
        }
    }
}
