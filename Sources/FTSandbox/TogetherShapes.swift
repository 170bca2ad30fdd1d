import FTCore
import Foundation

/// Together's JSON, built from the simulation. Shapes: togethercomputer/openapi `openapi.yaml`
/// @090263a (FinetuneResponse, FineTuneEvent, FineTuneCheckpoint, FileResponse, ErrorData), with the
/// keys the `together` SDK 1.6.0 and 3.1.1 models require (research note /work/research/together.md §4–§7).
enum TogetherShapes {
    /// FinetuneJobStatus: pending, queued, running, compressing, uploading, cancel_requested,
    /// cancelled, error, completed.
    static func word(_ status: JobStatus) -> String {
        switch status {
        case .validatingFiles: return "pending"
        case .queued: return "queued"
        case .running: return "running"
        case .succeeded: return "completed"
        case .failed: return "error"
        case .cancelled: return "cancelled"
        default: return status.rawValue
        }
    }

    /// The sandbox's price: $0.48 per million tokens, Together's LoRA SFT rate up to 16B parameters
    /// (together.ai/pricing, copy of Feb 2026), Full 1.125×, DPO 2.5× (Docs/PROVIDERS.md). In
    /// nano-dollars per token, as `total_price` counts (SDK `finetune_price_to_dollars` divides by 1e9).
    static func nanoPerToken(_ job: SandboxJob) -> Double {
        let full = job.hyperparameters["training_type"]?["type"]?.string == "Full"
        let dpo = job.hyperparameters["training_method"]?["method"]?.string == "dpo"
        return 480 * (full ? 1.125 : 1) * (dpo ? 2.5 : 1)
    }

    static func outputName(_ job: SandboxJob) -> String {
        let short = job.model.split(separator: "/").last.map(String.init) ?? job.model
        return "sandbox/\(short)-\(job.suffix ?? "ft")-\(job.id.suffix(8))"
    }

    static func job(_ job: SandboxJob, now: Date, speed: Double, word override: String? = nil) -> JSONValue {
        let (status, step) = job.state(at: now, speed: speed)
        let v = job.virtualTime(at: now, speed: speed)
        let ended: Date? = status == .succeeded ? job.realTime(ofVirtual: job.runEnd, speed: speed)
            : status == .failed ? job.realTime(ofVirtual: job.failureTime, speed: speed) : job.overrideAt
        let tokens = Int64(job.tokensPerEpoch * job.epochs)
        let done = Double(status == .succeeded ? job.totalSteps : step) / Double(max(job.totalSteps, 1))
        let lora = job.hyperparameters["training_type"]?["type"]?.string != "Full"
        // The last step's time is spent compressing, then uploading the model, as Together's jobs end.
        var said = word(status)
        if status == .running, job.stallStep == nil, job.failAtStep == nil, v > job.runEnd - job.stepSeconds {
            said = v > job.runEnd - job.stepSeconds / 2 ? "uploading" : "compressing"
        }
        var o = JSONObject([
            ("id", .string(job.id)), ("status", .string(override ?? said)),
            ("created_at", Shapes.iso(job.createdAt)), ("updated_at", Shapes.iso(status.isTerminal ? ended ?? now : now)),
            ("started_at", v >= job.runStart ? Shapes.iso(job.realTime(ofVirtual: job.runStart, speed: speed)) : .null),
            ("user_id", "user_sandbox"), ("owner_address", "sandbox@example.com"), ("model", .string(job.model)),
            ("model_output_name", .string(outputName(job))), ("adapter_output_name", lora ? .string(outputName(job) + "-adapter") : .null),
            // No `suffix`: Together's FinetuneResponse has none (togethercomputer/openapi openapi.yaml
            // `FinetuneResponse`; together-python src/together/types/finetune.py). The suffix shows
            // only inside model_output_name ("up to 40 character suffix for output model name").
            ("training_file", .string(job.trainingFile)), ("validation_file", .string(job.validationFile ?? "")),
        ])
        for (k, val) in job.hyperparameters { o[k] = val }
        o["n_epochs"] = .int(Int64(job.epochs))
        o["train_on_inputs"] = job.hyperparameters["training_method"]?["train_on_inputs"] ?? "auto"
        let events = job.events(at: now, speed: speed)
        o["events"] = .array(events.suffix(50).map { event(job, $0) })
        o["token_count"] = .int(status == .succeeded ? tokens : 0)
        o["param_count"] = .int(8_030_261_248)
        o["total_price"] = .int(Int64((Double(tokens) * done * nanoPerToken(job)).rounded()))
        o["epochs_completed"] = .int(Int64(Double(job.epochs) * done))
        o["steps_completed"] = .int(Int64(status == .succeeded ? job.totalSteps : step))
        o["total_steps"] = .int(Int64(job.totalSteps))
        o["queue_depth"] = .int(0)
        o["wandb_url"] = .null
        return .object(o)
    }

    /// FineTuneEvent. `type` is UPPERCASE as the SDK 1.x enum requires and the live server sends
    /// (together-python `b9071dc`); the spec writes it in lower case (Docs/PROVIDERS.md).
    static func event(_ job: SandboxJob, _ e: SandboxEvent) -> JSONValue {
        var o = JSONObject([
            ("object", "fine-tune-event"), ("created_at", Shapes.iso(e.time)), ("level", .string(e.level)),
            ("message", .string(e.message)), ("type", .string(eventType(e))), ("hash", .string("\(job.id)-\(e.seq)")),
        ])
        if let step = e.step { o["step"] = .int(Int64(step)) }
        return .object(o)
    }

    static func eventType(_ e: SandboxEvent) -> String {
        let m = e.message
        if e.level == "error" { return "JOB_ERROR" }
        if m.hasPrefix("Created") { return "JOB_PENDING" }
        if m.hasPrefix("Validating") { return "TRAINING_DATA_DOWNLOADING" }
        if m.hasPrefix("Files validated") { return "TRAINING_DATA_DOWNLOAD_COMPLETE" }
        if m.hasPrefix("Fine-tuning job started") { return "TRAINING_START" }
        if m.hasPrefix("Checkpoint") { return "CHECKPOINT_SAVE" }
        if m.hasPrefix("New fine-tuned model") { return "MODEL_UPLOAD_COMPLETE" }
        if m.contains("successfully completed") { return "JOB_COMPLETE" }
        if m.contains("cancelled") { return "CANCEL_REQUESTED" }
        if e.metrics != nil { return "EVAL_COMPLETE" }
        return "TRAINING_START"
    }

    /// FineTuneCheckpoint; `checkpoint_type` words from the SDK 1.x comment (`Intermediate`, `Final`).
    static func checkpoint(_ job: SandboxJob, step: Int, time: Date) -> JSONValue {
        .object(JSONObject([
            ("step", .int(Int64(step))), ("path", .string("s3://together-sandbox/\(job.id)/checkpoint-\(step)")),
            ("created_at", Shapes.iso(time)), ("checkpoint_type", step == job.totalSteps ? "Final" : "Intermediate"),
        ]))
    }

    /// FileResponse: `created_at` in unix seconds, `FileType`, `Processed` and `LineCount` capitalised.
    static func file(_ f: StoredFile) -> JSONValue {
        let ext = (f.filename as NSString).pathExtension.lowercased()
        let lines = f.content.split(separator: UInt8(ascii: "\n")).count
        return .object(JSONObject([
            ("id", .string(f.id)), ("object", "file"), ("created_at", Shapes.unix(f.createdAt)), ("filename", .string(f.filename)),
            ("bytes", .int(Int64(f.bytes))), ("purpose", .string(f.purpose)),
            ("FileType", .string(["csv", "parquet"].contains(ext) ? ext : "jsonl")), ("Processed", true),
            ("LineCount", .int(Int64(lines))), ("processing_status", "COMPLETED"),
        ]))
    }

    /// ErrorData: `{"error":{message, type, param, code}}`, code a string or null (SDK 1.x rejects a number).
    static func error(_ message: String, param: String? = nil, code: String? = nil) -> JSONValue {
        .object(JSONObject([("error", .object(JSONObject([
            ("message", .string(message)), ("type", "invalid_request_error"), ("param", JSONValue(param)), ("code", JSONValue(code)),
        ])))]))
    }
}
