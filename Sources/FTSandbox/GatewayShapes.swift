import FTCore
import Foundation

/// What Portkey's gateway answers for a fine-tuning job on each non-passthrough upstream, built
/// from the simulation's state. Every shape is written from Portkey-AI/gateway at 669825cb
/// (/work/research/portkey.md §3); the file each follows is named on it.
enum GatewayUpstream: String, Sendable, CaseIterable {
    case bedrock
    case fireworks = "fireworks-ai"
    case vertex = "vertex-ai"

    var surface: EmulatedSurface {
        switch self {
        case .bedrock: .portkeyBedrock
        case .fireworks: .portkeyFireworks
        case .vertex: .portkeyVertex
        }
    }

    /// The list's page size: Fireworks `pageSize=${limit ?? 50}`, Vertex `pageSize=${limit ?? 20}`
    /// (src/providers/{fireworks-ai,google-vertex-ai}/api.ts); Bedrock's default is not in the
    /// gateway (research §7.9), so 20 here, and `limit` is never forwarded there.
    var defaultPage: Int {
        switch self {
        case .bedrock: 20
        case .fireworks: 50
        case .vertex: 20
        }
    }

    static func ms(_ d: Date?) -> JSONValue { d.map { .int(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? .null }

    /// JavaScript's encodeURIComponent: all but A–Z a–z 0–9 - _ . ! ~ * ' ( ) is escaped.
    static func encodeURIComponent(_ s: String) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        allowed.insert(charactersIn: "-_.!~*'()")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// The id the gateway hands out: Bedrock `encodeURIComponent(jobArn)`
    /// (src/providers/bedrock/utils.ts), Vertex the numeric tail of `name`
    /// (src/providers/google-vertex-ai/utils.ts), Fireworks the tail of `name`
    /// (src/providers/fireworks-ai/utils.ts).
    func id(_ job: SandboxJob) -> String {
        switch self {
        case .bedrock:
            return Self.encodeURIComponent("arn:aws:bedrock:us-east-1:123456789012:model-customization-job/\(job.model)/\(job.id)")
        case .fireworks:
            return job.id
        case .vertex:
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in job.id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return String(h % 1_000_000_000_000_000)
        }
    }

    /// The gateway's status words (research §8.5): Bedrock maps InProgress and anything unknown to
    /// running; Vertex and Fireworks map their pending states to queued. `validating_files` never.
    func status(_ s: JobStatus) -> String {
        switch s {
        case .succeeded, .deployed: return "succeeded"
        case .failed: return "failed"
        case .cancelled, .stopped: return "cancelled"
        case .running, .paused: return "running"
        default: return self == .bedrock ? "running" : "queued"
        }
    }

    /// One job as the gateway returns it; `summary` is a list item (Bedrock's
    /// ModelCustomizationJobSummary has no training config or hyperparameters).
    func job(_ job: SandboxJob, now: Date, speed: Double, summary: Bool = false) -> JSONValue {
        let (state, step) = job.state(at: now, speed: speed)
        let done = state == .succeeded || state == .deployed
        let ended: Date? = done ? job.realTime(ofVirtual: job.runEnd, speed: speed)
            : (state == .failed ? job.realTime(ofVirtual: job.failureTime, speed: speed) : (state.isTerminal ? job.overrideAt : nil))
        let failure = job.visibleFailure(state)
        switch self {
        case .bedrock:
            // bedrockFinetuneToOpenAI, src/providers/bedrock/utils.ts
            var o = JSONObject([
                ("id", .string(id(job))), ("job_name", JSONValue(job.name)), ("object", "finetune"), ("status", .string(status(state))),
                ("created_at", Self.ms(job.createdAt)), ("finished_at", Self.ms(ended)),
            ])
            if done { o["fine_tuned_model"] = .string("arn:aws:bedrock:us-east-1:123456789012:custom-model/\(job.model)/\(job.id)") }
            o["suffix"] = JSONValue(job.suffix)
            o["training_file"] = .string(summary ? "" : Self.encodeURIComponent(job.trainingFile))
            o["validation_file"] = .string(summary ? "" : Self.encodeURIComponent(job.validationFile ?? ""))
            let hp = job.hyperparameters
            o["hyperparameters"] = .object(JSONObject([
                ("learning_rate_multiplier", summary ? .null : (hp["learning_rate_multiplier"] ?? .null)),
                ("batch_size", summary ? .null : (hp["batch_size"] ?? .null)),
                ("n_epochs", summary ? .null : .int(Int64(job.epochs))),
            ]))
            // `failureMessage ?? {}`: a string, or an empty object.
            o["error"] = failure.map { .string($0.message) } ?? .object(JSONObject())
            return .object(o)
        case .fireworks:
            // fireworkFinetuneToOpenAIFinetune, src/providers/fireworks-ai/utils.ts: no `object`,
            // `completed_at` (not finished_at), `learning_rate`, suffix as a full model name.
            var o = JSONObject([
                ("id", .string(job.id)), ("model", .string(job.model)),
                ("suffix", .string("accounts/sandbox/models/\(job.suffix ?? job.id)")),
                ("training_file", .string(job.trainingFile)), ("validation_file", JSONValue(job.validationFile)),
                ("hyperparameters", .object(JSONObject([("n_epochs", .int(Int64(job.epochs))),
                                                        ("learning_rate", job.hyperparameters["learning_rate_multiplier"] ?? .null)]))),
                ("created_at", Self.ms(job.createdAt)), ("completed_at", Self.ms(done || state == .failed ? ended : nil)),
                ("status", .string(status(state))),
            ])
            if let failure { o["error"] = .object(JSONObject([("code", "INVALID_ARGUMENT"), ("message", .string(failure.message))])) }
            if done { o["fine_tuned_model"] = .string("accounts/sandbox/models/\(job.suffix ?? job.id)") }
            return .object(o)
        case .vertex:
            // GoogleToOpenAIFinetune, src/providers/google-vertex-ai/utils.ts: epochCount is an
            // int64 JSON string; finished_at only once the job has ended.
            var o = JSONObject([
                ("id", .string(id(job))), ("object", "finetune"), ("status", .string(status(state))),
                ("created_at", Self.ms(job.createdAt)),
            ])
            if let failure { o["error"] = .object(JSONObject([("code", .int(3)), ("message", .string(failure.message))])) }
            if done { o["fine_tuned_model"] = .string("projects/sandbox/locations/us-central1/models/\(id(job))") }
            if let ended { o["finished_at"] = Self.ms(ended) }
            o["hyperparameters"] = .object(JSONObject([("batch_size", job.hyperparameters["batch_size"] ?? .null),
                                                       ("learning_rate_multiplier", job.hyperparameters["learning_rate_multiplier"] ?? .null),
                                                       ("n_epochs", .string(String(job.epochs)))]))
            o["model"] = .string(job.model)
            if done { o["trained_tokens"] = .int(Int64(job.tokensPerEpoch * job.epochs)) }
            o["training_file"] = .string(Self.encodeURIComponent(job.trainingFile))
            if let v = job.validationFile { o["validation_file"] = .string(Self.encodeURIComponent(v)) }
            _ = step
            return .object(o)
        }
    }

    /// The list body: Bedrock `{data, object, total_count, last_id: nextToken}` with no has_more
    /// (src/providers/bedrock/listFinetunes.ts); Vertex and Fireworks `{object, data, first_id,
    /// last_id, has_more}` with job ids at the ends (listFinetunes.ts / listFinetune.ts).
    func list(_ items: [JSONValue], more: Bool) -> JSONValue {
        switch self {
        case .bedrock:
            var o = JSONObject([("data", .array(items)), ("object", "list"), ("total_count", .int(Int64(items.count)))])
            // Omitted (undefined) when there is no next page.
            if more { o["last_id"] = .string("nt-" + String(UInt32.random(in: .min ... .max), radix: 16)) }
            return .object(o)
        case .fireworks, .vertex:
            return .object(JSONObject([("object", "list"), ("data", .array(items)), ("first_id", items.first?["id"] ?? .null),
                                       ("last_id", items.last?["id"] ?? .null), ("has_more", .bool(more))]))
        }
    }

    /// A failed look-up upstream, as the gateway passes it on (research §6): Bedrock's mapped
    /// through generateErrorResponse (src/providers/utils.ts), Fireworks' as `{}` (the transform
    /// returns a Response, which JSON.stringify makes `{}`), Vertex's retrieve error raw.
    func notFound(_ what: String) -> (Int, JSONValue) {
        switch self {
        case .bedrock:
            return (404, .object(JSONObject([("error", .object(JSONObject([
                ("message", .string("bedrock error: Could not find a model customization job \(what)")), ("type", .null), ("param", .null), ("code", .null),
            ]))), ("provider", "bedrock")])))
        case .fireworks:
            return (404, .object(JSONObject()))
        case .vertex:
            return (404, .object(JSONObject([("error", .object(JSONObject([
                ("code", .int(404)), ("message", .string("The TuningJob \(what) does not exist.")), ("status", "NOT_FOUND"),
            ])))])))
        }
    }

    /// The upstream path of a create (src/providers/*/api.ts), for the journal.
    var createPath: String {
        switch self {
        case .bedrock: "/model-customization-jobs"
        case .fireworks: "/v1/accounts/sandbox/supervisedFineTuningJobs"
        case .vertex: "/v1/projects/sandbox/locations/us-central1/tuningJobs"
        }
    }

    /// The upstream call a cancel becomes (research §1.3), for the journal.
    func cancelCall(_ id: String) -> (method: String, path: String) {
        switch self {
        case .bedrock: ("POST", "/model-customization-jobs/\(id)/stop")
        case .fireworks: ("DELETE", "/v1/accounts/sandbox/supervisedFineTuningJobs/\(id)")
        case .vertex: ("POST", "/v1/projects/sandbox/locations/us-central1/tuningJobs/\(id):cancel")
        }
    }
}
