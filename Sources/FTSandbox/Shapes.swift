import FTCore
import Foundation

/// The JSON each surface answers with, built from the simulation's state.
enum Shapes {
    static func unix(_ d: Date?) -> JSONValue { d.map { .int(Int64($0.timeIntervalSince1970)) } ?? .null }
    static func iso(_ d: Date?) -> JSONValue { d.map { .string(RFC3339.format($0)) } ?? .null }

    /// The OpenAI `fine_tuning.job`, with Nebius's step counts and TrueFoundry's fields (a superset:
    /// each client reads the fields it knows).
    static func openAIJob(_ job: SandboxJob, now: Date, speed: Double) -> JSONValue {
        let (status, step) = job.state(at: now, speed: speed)
        let done = status == .succeeded || status == .deployed
        let finished: Date? = done ? job.realTime(ofVirtual: job.runEnd, speed: speed)
            : (status == .failed ? job.realTime(ofVirtual: job.failureTime, speed: speed) : job.overrideAt)
        var hp = JSONObject()
        for (k, v) in job.hyperparameters { hp[k] = v }
        if hp["n_epochs"] == nil { hp["n_epochs"] = .int(Int64(job.epochs)) }
        var method = job.method
        if method.isNull {
            method = .object(JSONObject([("type", "supervised"), ("supervised", .object(JSONObject([("hyperparameters", .object(hp))])))]))
        }
        let running = status == .running
        var o = JSONObject([
            ("object", "fine_tuning.job"), ("id", .string(job.id)), ("model", .string(job.model)),
            ("created_at", unix(job.createdAt)),
            ("finished_at", status.isTerminal && status != .paused ? unix(finished) : .null),
            ("fine_tuned_model", done ? JSONValue(job.fineTunedModel) : .null),
            ("organization_id", "org-sandbox"),
            ("result_files", done ? .array([.string("file-result-\(job.id.suffix(8))")]) : .array([])),
            ("status", .string(job.surface.word(for: status))),
            ("validation_file", JSONValue(job.validationFile)), ("training_file", .string(job.trainingFile)),
            ("hyperparameters", .object(hp)), ("method", method),
            ("trained_tokens", done ? .int(Int64(job.tokensPerEpoch * job.epochs)) : .null),
            ("integrations", job.integrations), ("seed", .int(Int64(job.seed ?? 42))),
            ("estimated_finish", running ? unix(job.realTime(ofVirtual: job.runEnd, speed: speed)) : .null),
            ("metadata", job.metadata), ("suffix", JSONValue(job.suffix)),
            ("error", job.visibleFailure(status).map { .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message)), ("param", "training_file")])) } ?? .null),
            ("trained_steps", .int(Int64(step))), ("total_steps", .int(Int64(job.totalSteps))),
        ])
        if !job.tags.isNull { o["tags"] = job.tags }
        o["from_checkpoint"] = job.fromCheckpoint
        return .object(o)
    }

    static func openAIFile(_ f: StoredFile) -> JSONValue {
        var o = JSONObject([
            ("object", "file"), ("id", .string(f.id)), ("bytes", .int(Int64(f.bytes))), ("created_at", unix(f.createdAt)),
            ("filename", .string(f.filename)), ("purpose", .string(f.purpose)), ("status", "processed"),
        ])
        if let e = f.expiresAt { o["expires_at"] = unix(e) }
        return .object(o)
    }

    static func openAIEvent(_ job: SandboxJob, _ e: SandboxEvent) -> JSONValue {
        var o = JSONObject([
            ("object", "fine_tuning.job.event"), ("id", .string("ftevent-\(job.id.suffix(8))-\(e.seq)")),
            ("created_at", unix(e.time)), ("level", .string(e.level)), ("message", .string(e.message)),
            ("type", e.metrics == nil ? "message" : "metrics"),
        ])
        o["data"] = e.metrics.map { .object($0) } ?? .object(JSONObject())
        return .object(o)
    }

    /// OpenAI's events list, newest first, a page before `after` (an event id), `limit` long.
    /// Paged on the events themselves, so only the page is turned into JSON.
    static func openAIEventPage(_ job: SandboxJob, _ events: [SandboxEvent], after: String?, limit: Int) -> JSONValue? {
        var end = events.count
        if let after {
            let prefix = "ftevent-\(job.id.suffix(8))-"
            guard after.hasPrefix(prefix), let seq = Int(after.dropFirst(prefix.count)), (1...events.count).contains(seq) else { return nil }
            end = seq - 1
        }
        let start = max(0, end - limit)
        let shown = events[start..<end].reversed().map { openAIEvent(job, $0) }
        return .object(JSONObject([("object", "list"), ("data", .array(shown)), ("has_more", .bool(start > 0))]))
    }

    /// `files`: Nebius's list items carry `result_files` (required there); OpenAI's checkpoint has none.
    static func openAICheckpoint(_ job: SandboxJob, step: Int, time: Date, files: Bool) -> JSONValue {
        var metrics = JSONObject([("step", .int(Int64(step))), ("train_loss", job.trainLossValue(step: step))])
        metrics["valid_loss"] = job.validLossValue(step: step)
        var o = JSONObject([
            ("object", "fine_tuning.job.checkpoint"), ("id", .string("ftckpt-\(job.id.suffix(8))-\(step)")),
            ("created_at", unix(time)), ("fine_tuned_model_checkpoint", .string("\(job.fineTunedModel ?? ""):ckpt-step-\(step)")),
            ("step_number", .int(Int64(step))), ("metrics", .object(metrics)), ("fine_tuning_job_id", .string(job.id)),
        ])
        if files { o["result_files"] = .array([.string("file-ckpt-\(job.id.suffix(8))-\(step)")]) }
        return .object(o)
    }

    /// A list item as the platform documents it (seed 002, /work/shared/refs/providers/002_*.txt,
    /// `GET /api/v1/fine-tuning/jobs` response): a summary with no dataset, file, hyperparameters,
    /// metrics or result fields, so a client cannot match a job by its training file from the list.
    static let genericListKeys = ["id", "name", "baseModel", "status", "description", "owner", "organizationId",
                                  "trainedTokens", "startedAt", "finishedAt", "createdAt", "updatedAt"]

    static func genericListItem(_ full: JSONValue) -> JSONValue {
        .object(JSONObject(genericListKeys.compactMap { k in full[k].map { (k, $0) } }))
    }

    /// The platform's FineTuningJob object: camelCase, ISO 8601, `completed` for success.
    static func genericJob(_ job: SandboxJob, now: Date, speed: Double) -> JSONValue {
        let (status, step) = job.state(at: now, speed: speed)
        let word: String = switch status {
        case .succeeded: "completed"
        case .validatingFiles: "queued"
        case .cancelled: "stopped"
        default: status.rawValue
        }
        let done = status == .succeeded || status == .deployed
        var hp = JSONObject()
        for (k, v) in job.hyperparameters { hp[k] = v }
        let started: Date? = step > 0 || status == .running || done ? job.realTime(ofVirtual: job.runStart, speed: speed) : nil
        let finished: Date? = done ? job.realTime(ofVirtual: job.runEnd, speed: speed) : (status == .failed ? job.realTime(ofVirtual: job.failureTime, speed: speed) : nil)
        let epoch = job.totalSteps > 0 ? Double(step) / Double(job.totalSteps) * Double(job.epochs) : 0
        return .object(JSONObject([
            ("id", .string(job.id)), ("name", JSONValue(job.name)), ("baseModel", .string(job.model)), ("status", .string(word)),
            ("description", JSONValue(job.description)), ("owner", "user_sandbox"), ("organizationId", "org_sandbox"),
            ("trainingDataset", .string(job.trainingFile)), ("trainingFile", .string(job.trainingFile)),
            ("validationFile", JSONValue(job.validationFile)), ("hyperparameters", .object(hp)),
            ("resultModel", done ? JSONValue(job.fineTunedModel) : .null),
            ("trainedTokens", .int(Int64(Double(job.tokensPerEpoch) * epoch))),
            ("error", job.visibleFailure(status).map { .string($0.message) } ?? .null),
            ("metrics", step > 0 ? .object(JSONObject([
                ("trainingLoss", job.trainLossValue(step: step)),
                ("validationLoss", job.validLossValue(step: step)),
                ("epoch", .double((epoch * 100).rounded() / 100)), ("step", .int(Int64(step))), ("totalSteps", .int(Int64(job.totalSteps))),
            ])) : .null),
            ("startedAt", iso(started)), ("finishedAt", iso(finished)), ("createdAt", iso(job.createdAt)),
            ("updatedAt", iso(now)),
        ]))
    }
}
