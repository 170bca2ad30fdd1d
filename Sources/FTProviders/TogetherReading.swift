import FTCore
import Foundation

/// Together's answers in the contract's shapes. Sources: togethercomputer/openapi `openapi.yaml`
/// @090263a (FinetuneResponse, FineTuneEvent, FineTuneCheckpoint, FileResponse) and the `together`
/// SDK 3.1.1 (`lib/types/fine_tuning.py`, `lib/utils/tools.py`).
struct TogetherReading: Sendable {
    let declaration: ProviderDeclaration

    /// `total_price` is an integer in nano-dollars: the SDKs' `finetune_price_to_dollars` divides
    /// it by 1e9 (together 3.1.1 `lib/utils/tools.py`; 1.x `utils/tools.py`). The spec says only "integer".
    static func dollars(nano value: JSONValue?) -> Decimal? {
        guard let n = value?.int, n >= 0 else { return nil }
        return Decimal(n) / Decimal(1_000_000_000)
    }

    func job(_ j: JSONValue) -> Job {
        var hyper = JSONObject()
        let names: [(String, String)] = [("n_epochs", "epochs"), ("learning_rate", "learning_rate"), ("batch_size", "batch_size"),
                                         ("warmup_ratio", "warmup_ratio"), ("weight_decay", "weight_decay"),
                                         ("max_grad_norm", "max_grad_norm"), ("n_checkpoints", "n_checkpoints"), ("n_evals", "n_evals")]
        for (wire, normalized) in names { if let v = j[wire], !v.isNull { hyper[normalized] = v } }
        if let method = j["training_method"]?["method"]?.string {
            hyper["method"] = .string(declaration.methodWords.first { $0.value == method }?.key ?? method)
        }
        if let type = j["training_type"]?["type"]?.string {
            hyper["lora"] = .bool(type.lowercased() == "lora")
            for key in ["lora_r", "lora_alpha", "lora_dropout"] { if let v = j["training_type"]?[key], !v.isNull { hyper[key] = v } }
        }
        let step = j["steps_completed"]?.int, total = j["total_steps"]?.int
        var progress: Job.Progress?
        if (step ?? 0) > 0 || (total ?? 0) > 0 {
            progress = Job.Progress(step: step, totalSteps: total, epoch: j["epochs_completed"]?.double)
        }
        let word = j["status"]?.string ?? "unknown"
        let status = declaration.status(word)
        // Together puts no error object on the job; the last error event says why (FineTuneEvent `JOB_ERROR`).
        var failure: Job.Failure?
        if status == .failed {
            let last = (j["events"]?.array ?? []).last { ($0["level"]?.string ?? "").lowercased() == "error" }
            failure = Job.Failure(code: word, message: last?["message"]?.string)
        }
        let finished = status.isTerminal ? RFC3339.date(from: j["updated_at"]) : nil
        let output = j["model_output_name"]?.string ?? j["output_name"]?.string
        return Job(id: j["id"]?.string ?? "", provider: declaration.id.rawValue, status: status,
                   // The job has no name or suffix field; the output model's name, which carries the
                   // suffix (FinetuneResponse.model_output_name), is what names it.
                   name: output, model: j["model"]?.string,
                   createdAt: RFC3339.date(from: j["created_at"]), startedAt: RFC3339.date(from: j["started_at"]),
                   finishedAt: finished, fineTunedModel: status == .succeeded ? output : nil,
                   trainingFile: j["training_file"]?.string, validationFile: j["validation_file"]?.string.flatMap { $0.isEmpty ? nil : $0 },
                   hyperparameters: hyper, trainedTokens: j["token_count"]?.int.flatMap { $0 > 0 ? $0 : nil }, progress: progress,
                   error: failure, costUSD: Self.dollars(nano: j["total_price"]), raw: j)
    }

    /// Events have no id; `hash` where the server gives one, else the position, which stays put
    /// since the list only grows (oldest first on the wire).
    func events(_ list: [JSONValue], jobID: String) -> [JobEvent] {
        list.enumerated().map { n, e in
            let id = e["hash"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "\(jobID)-event-\(n + 1)"
            return JobEvent(id: id, time: RFC3339.date(from: e["created_at"]), level: (e["level"]?.string ?? "info").lowercased(),
                            message: e["message"]?.string ?? e["type"]?.string ?? "", step: e["step"]?.int, raw: e)
        }
    }

    /// A checkpoint's id is what `from_checkpoint` takes: `ft-ID:STEP` (openapi.yaml `from_checkpoint`).
    func checkpoint(_ c: JSONValue, jobID: String) -> Checkpoint {
        let step = c["step"]?.int
        return Checkpoint(id: step.map { "\(jobID):\($0)" } ?? jobID, jobID: jobID, step: step, createdAt: RFC3339.date(from: c["created_at"]),
                          fineTunedModelCheckpoint: c["path"]?.string, raw: c)
    }

    static let metricNames = ["train/global_step": "step", "train/loss": "train_loss", "eval/loss": "valid_loss",
                              "train/learning_rate": "learning_rate"]

    /// One metrics snapshot, the step first; nil without a step.
    func metrics(_ m: JSONValue) -> Record? {
        guard let fields = m.object, let step = fields["train/global_step"]?.int else { return nil }
        var o = JSONObject([("step", .int(Int64(step)))])
        for (k, v) in fields where k != "train/global_step" { o[Self.metricNames[k] ?? k.replacingOccurrences(of: "/", with: "_")] = v }
        return Record(id: String(step), json: .object(o), raw: m)
    }

    /// FileResponse: `created_at` in unix seconds, `processing_status`, and capitalised `FileType`.
    func file(_ f: JSONValue) -> FileObject {
        FileObject(id: f["id"]?.string ?? "", provider: declaration.id.rawValue, filename: f["filename"]?.string,
                   bytes: f["bytes"]?.int.map(Int64.init), purpose: f["purpose"]?.string,
                   status: f["processing_status"]?.string?.lowercased() ?? (f["Processed"]?.bool == true ? "processed" : nil),
                   createdAt: RFC3339.date(from: f["created_at"]), raw: f)
    }

    /// `{"data":[...]}`, the whole list at once: Together documents no paging.
    func list<T: Resource>(_ response: HTTPResponse, what: String, _ read: ([JSONValue]) -> [T]) throws -> Page<T> {
        let json = try JSONValue.body(response, what)
        guard let data = json["data"]?.array ?? json.array else {
            throw FTError(.badResponse, what: what, why: "the response has no `data` list")
        }
        return Page(items: read(data.filter { $0.object != nil }), hasMore: false, raw: json)
    }

    func one<T>(_ response: HTTPResponse, what: String, _ read: (JSONValue) -> T) throws -> T {
        let json = try JSONValue.body(response, what)
        guard json.object != nil else { throw FTError(.badResponse, what: what, why: "expected a JSON object") }
        return read(json)
    }
}
