import FTCore

/// Together's model limits and the create checks the sandbox applies. The limits' shape is
/// FineTuneModelLimits (openapi.yaml @090263a) plus the keys the `together` SDK 3.1.1 reads
/// (`types/finetune_model_limits.py`: default_rank, full_training ...). The batch sizes, context
/// lengths and max rank of Llama-3.1-8B-Reference are from docs.together.ai's supported-models
/// table; the epoch, eval, checkpoint and learning-rate bounds are placeholders, as no source gives them.
enum TogetherLimits {
    static let maxEpochs = 20
    /// FilePurpose (openapi.yaml) and the SDK 3.1.1 enum.
    static let purposes = ["fine-tune", "eval", "eval-sample", "eval-output", "eval-summary", "batch-generated", "batch-api", "calibration"]

    /// `GET /fine-tunes/models/supported`: the docs' fine-tunable models this sandbox knows.
    static let models = ["meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", "meta-llama/Llama-3.3-70B-Instruct-Reference",
                         "Qwen/Qwen3.5-9B", "Qwen/Qwen3.5-27B", "mistralai/Mixtral-8x7B-Instruct-v0.1", "openai/gpt-oss-20b"]

    static func limits(_ model: String) -> JSONValue {
        let batch = JSONObject([("max_batch_size", 8), ("max_batch_size_dpo", 8), ("min_batch_size", 8)])
        var lora = batch
        lora["max_rank"] = 64
        lora["default_rank"] = 16
        lora["target_modules"] = .array(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
        return .object(JSONObject([
            ("model_name", .string(model)), ("max_num_epochs", .int(Int64(maxEpochs))), ("max_num_evals", 100), ("max_num_checkpoints", 20),
            ("max_learning_rate", 1.0), ("min_learning_rate", 0.0), ("max_seq_length_sft", 131_072), ("max_seq_length_dpo", 65_536),
            ("min_max_seq_length", 512), ("default_gradient_accumulation_steps", 1), ("supports_vision", false), ("supports_tools", true),
            ("supports_reasoning", false), ("supports_full_training", true), ("merge_output_lora", true),
            ("full_training", .object(batch)), ("lora_training", .object(lora)),
        ]))
    }

    /// The first thing wrong with a create body, by the spec's schemas (LoRATrainingType requires
    /// lora_r and lora_alpha; TrainingMethodSFT/DPO name the method) and the limits above.
    static func problem(_ o: JSONObject) -> (message: String, param: String)? {
        if let t = o["training_type"], !t.isNull {
            switch t["type"]?.string {
            case "Full": break
            case "Lora":
                guard let r = t["lora_r"]?.int, t["lora_alpha"]?.int != nil else {
                    return ("LoRA training needs lora_r and lora_alpha", "training_type")
                }
                if !(1...64).contains(r) { return ("lora_r must be from 1 to 64 for this model", "training_type.lora_r") }
                if let d = t["lora_dropout"]?.double, !(0..<1).contains(d) { return ("lora_dropout must be in [0, 1)", "training_type.lora_dropout") }
            default: return ("training_type.type must be Full or Lora", "training_type.type")
            }
        }
        if let m = o["training_method"], !m.isNull, !["sft", "dpo"].contains(m["method"]?.string ?? "") {
            return ("training_method.method must be sft or dpo", "training_method.method")
        }
        if let e = o["n_epochs"], !(e.int.map { (1...maxEpochs).contains($0) } ?? false) {
            return ("n_epochs must be from 1 to \(maxEpochs)", "n_epochs")
        }
        if let b = o["batch_size"], b.string != "max", !(b.int.map { $0 >= 1 } ?? false) {
            return ("batch_size must be a positive integer or \"max\"", "batch_size")
        }
        if let w = o["warmup_ratio"], !(w.double.map { (0...1).contains($0) } ?? false) { return ("warmup_ratio must be in [0, 1]", "warmup_ratio") }
        return nil
    }
}
