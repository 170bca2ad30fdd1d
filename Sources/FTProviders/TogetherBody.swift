import FTCore

/// The parts of Together's create body that are not one field at one path (togethercomputer/openapi
/// `openapi.yaml` @090263a: LoRATrainingType, FullTrainingType, TrainingMethodSFT, TrainingMethodDPO).
enum TogetherBody {
    static func finish(_ built: JSONObject, spec: JobSpec, declaration: ProviderDeclaration) throws -> JSONObject {
        var body = built
        try trainingType(&body)
        trainingMethod(&body, spec: spec, declaration: declaration)
        if let hf = body["from_hf_model"]?.object {
            // `--from-checkpoint hf:REPO@REV`: Together's from_hf_model, hf_model_revision, hf_api_token.
            body["from_hf_model"] = hf["repo"] ?? .null
            if let rev = hf["revision"] { body["hf_model_revision"] = rev }
            if let token = hf["token"] { body["hf_api_token"] = token }
        }
        if let items = body["integrations"]?.array {
            // Together spells W&B as top-level keys (wandb_project_name, wandb_api_key, ...).
            body["integrations"] = nil
            for item in items {
                guard let type = item["type"]?.string, let shape = declaration.integrations[type] else { continue }
                for (key, value) in item[type]?.object ?? JSONObject() {
                    if let flat = shape.flatKeys[key] { body[flat] = value }
                }
            }
        }
        for o in spec.overrides { body = JSONPath.set(o.path, o.value, in: body) }
        return body
    }

    /// `--lora` (or a LoRA option) is `{"type":"Lora", lora_r, lora_alpha, ...}`, `--no-lora` is
    /// `{"type":"Full"}`. LoRATrainingType requires `lora_r` and `lora_alpha`: alpha defaults to
    /// 2 × r as the SDK 3.1.1 sets it; without `--lora-r` and nothing else the key is left out and the
    /// server trains LoRA at its default rank ("If not provided, the job will default to LoRA").
    static func trainingType(_ body: inout JSONObject) throws {
        guard var t = body["training_type"]?.object else { return }
        let lora = t["lora"]?.bool ?? true
        t["lora"] = nil
        let options = t.keys.sorted()
        if !lora {
            if let first = options.first {
                throw FTError(.usage, what: "--" + first.replacingOccurrences(of: "_", with: "-"), why: "it belongs to LoRA, and --no-lora asks for full training",
                              hint: "Leave it out, or drop --no-lora.")
            }
            body["training_type"] = .object(JSONObject([("type", "Full")]))
            return
        }
        guard let r = t["lora_r"]?.int else {
            if let first = options.first {
                throw FTError(.usage, what: "--" + first.replacingOccurrences(of: "_", with: "-"), why: "together needs the LoRA rank with it",
                              hint: "Pass --lora-r N too.")
            }
            body["training_type"] = nil
            return
        }
        if t["lora_alpha"] == nil { t["lora_alpha"] = .int(Int64(2 * r)) }
        var out = JSONObject([("type", "Lora")])
        for (k, v) in t { out[k] = v }
        body["training_type"] = .object(out)
    }

    /// `method` is `sft` or `dpo`; SFT requires `train_on_inputs` (TrainingMethodSFT), `auto` by default.
    static func trainingMethod(_ body: inout JSONObject, spec: JobSpec, declaration: ProviderDeclaration) {
        guard var m = body["training_method"]?.object else { return }
        let word = declaration.methodWords[spec.method] ?? spec.method
        m["method"] = .string(word)
        if word == "sft" {
            switch m["train_on_inputs"]?.string {
            case "true": m["train_on_inputs"] = true
            case "false": m["train_on_inputs"] = false
            case nil: m["train_on_inputs"] = "auto"
            default: break
            }
        }
        var out = JSONObject([("method", .string(word))])
        for (k, v) in m where k != "method" { out[k] = v }
        body["training_method"] = .object(out)
    }
}
