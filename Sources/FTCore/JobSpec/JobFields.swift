/// Every field of `jobs create`, in the order bodies and help list them. This is the one place a
/// field is described; see `JobField`.
///
/// Ranges and "auto": OpenAI's from openai/openai-openapi `openapi.yaml` (commit f85dbe2, 2026-08-21):
/// CreateFineTuningJobRequest (oa:35001), FineTuneSupervisedHyperparameters (oa:40101),
/// FineTuneDPOHyperparameters (oa:39910), FineTuneReinforcementHyperparameters (oa:39994); Nebius's
/// from nebius/tokenfactory-rl `schemas/openapi-fine-tuning.yaml` (SupervisedHParameters). See
/// Docs/PROVIDERS.md for where the sources disagree (Portkey's stale copy of the OpenAI page).
public extension JobField {
    private static func hyper(_ openai: String?, nebius: String?, platform: String?, upstreams: [String: [String]] = [:]) -> Wire {
        let m = "method.{method}.hyperparameters."
        return Wire(openai: openai.map { [m + $0] } ?? [],
                    nebius: nebius.map { ["hyperparameters." + $0, m + $0] } ?? [],
                    platform: platform.map { ["hyperparameters." + $0] } ?? [], upstreams: upstreams)
    }

    /// Portkey's bedrock and fireworks-ai create configs map hyperparameters only when a top-level
    /// `hyperparameters` key is there, then read `method.<type>.hyperparameters` first if `method`
    /// is (src/providers/bedrock/{createFinetune,utils}.ts populateHyperParameters,
    /// src/providers/fireworks-ai/createFinetune.ts getHyperparameters): both places carry it.
    private static func gateway(_ key: String) -> [String] { ["hyperparameters." + key, "method.{method}.hyperparameters." + key] }

    static let name = JobField("name", .text(maxLength: 256), help: "Job name (generic-v1 requires one).",
                               wire: Wire(platform: ["name"]))
    static let model = JobField("model", .text(maxLength: 512), help: "The base model.", valueName: "model",
                                wire: Wire(openai: ["model"], nebius: ["model"], platform: ["baseModel"]))
    static let trainingFile = JobField("training_file", .text(maxLength: nil), help: "Training data: a file id or a local path.",
                                       valueName: "id|path",
                                       wire: Wire(openai: ["training_file"], nebius: ["training_file"], platform: ["trainingDataset"]))
    static let description = JobField("description", .text(maxLength: 4096), help: "Job description (generic-v1).",
                                      wire: Wire(platform: ["description"]))
    static let validationFile = JobField("validation_file", .text(maxLength: nil), help: "Validation data: a file id or a local path.",
                                         valueName: "id|path",
                                         wire: Wire(openai: ["validation_file"], nebius: ["validation_file"], platform: ["validationFile"],
                                                    upstreams: ["bedrock": []]))
    // OpenAI: `minLength: 1, maxLength: 64`; Nebius: `maxLength: 64`.
    static let suffix = JobField("suffix", .text(maxLength: 64), help: "Suffix for the fine-tuned model's name.",
                                 wire: Wire(openai: ["suffix"], nebius: ["suffix"], platform: ["suffix"]), minLength: 1)
    // OpenAI: `minimum: 0, maximum: 2147483647`, both inclusive.
    static let seed = JobField("seed", .integer(.closed(0, 2_147_483_647)), help: "Seed for reproducible runs.",
                               wire: Wire(openai: ["seed"], nebius: ["seed"]))
    static let metadata = JobField("metadata", .pairs(maxCount: 16, maxKey: 64, maxValue: 512),
                                   help: "Metadata pairs (at most 16).", wire: Wire(openai: ["metadata"]))
    static let tags = JobField("tags", .list, help: "A tag (repeatable; nebius).", flag: "--tag", valueName: "tag",
                               wire: Wire(nebius: ["tags"]))
    static let integrations = JobField("integrations", .integration,
                                       help: "wandb:project=P[,entity=E,name=N], or on nebius mlflow:... and hf:output_repo_name=R (repeatable; keys from WANDB_API_KEY, MLFLOW_TRACKING_PASSWORD, HF_TOKEN where the provider takes one).",
                                       flag: "--integration", wire: Wire(openai: ["integrations"], nebius: ["integrations"]))
    static let fromCheckpoint = JobField("from_checkpoint", .checkpoint,
                                         help: "Continue from a Hugging Face checkpoint (nebius, together; token from HF_TOKEN).",
                                         wire: Wire(nebius: ["from_checkpoint"]))
    static let hardware = JobField("hardware", .text(maxLength: 256), help: "Hardware id (generic-v1).", valueName: "id",
                                   wire: Wire(platform: ["hardware"]))
    // Bedrock's outputDataConfig {s3Uri} (API_CreateModelCustomizationJob). The gateway copies a given
    // `output_file` as it is (src/providers/bedrock/createFinetune.ts has no transform for it), so
    // the object goes there whole.
    static let outputURI = JobField("output_uri", .text(maxLength: 1024),
                                    help: "Where Bedrock writes the job's output, an s3:// URI (portkey to bedrock; default: the training file's folder and the suffix).",
                                    valueName: "s3-uri", wire: Wire(upstreams: ["bedrock": ["output_file.s3Uri"]]))
    // FineTuneMethod (oa:39974): `type` is supervised, dpo or reinforcement.
    static let method = JobField("method", .choice(["supervised", "dpo", "reinforcement"]), help: "Training method.",
                                 wire: Wire(openai: ["method.type"], nebius: ["method.type"]))
    // FineTuneReinforcementMethod: `grader` is required (oa:40084).
    static let grader = JobField("grader", .grader, help: "The grader of --method reinforcement: a JSON or YAML file (OpenAI).",
                                 wire: Wire(openai: ["method.{method}.grader"]), methods: ["reinforcement"])
    // OpenAI: "auto" or 1–50; Nebius: 1–20, no "auto".
    static let epochs = JobField("epochs", .integer(.closed(1, 50)), help: "Epochs.",
                                 wire: hyper("n_epochs", nebius: "n_epochs", platform: "epochs",
                                             upstreams: ["bedrock": gateway("n_epochs"), "fireworks-ai": gateway("n_epochs")]),
                                 ranges: [.nebius: .closed(1, 20)], auto: [.openai])
    // OpenAI: "auto" or 1–256; Nebius: 1–64. The platform API states no range.
    static let batchSize = JobField("batch_size", .integer(.closed(1, 1024)), help: "Batch size.",
                                    wire: hyper("batch_size", nebius: "batch_size", platform: "batchSize",
                                                upstreams: ["bedrock": gateway("batch_size"), "fireworks-ai": [], "vertex-ai": []]),
                                    ranges: [.openai: .closed(1, 256), .nebius: .closed(1, 64)], auto: [.openai])
    static let learningRate = JobField("learning_rate", .number(.open(0, 1)), help: "Learning rate.",
                                       wire: hyper(nil, nebius: "learning_rate", platform: "learningRate",
                                                   // The gateway sends this key as Fireworks' own learning_rate.
                                                   upstreams: ["fireworks-ai": gateway("learning_rate_multiplier")]))
    // OpenAI: "auto" or a number > 0 (`minimum: 0, exclusiveMinimum: true`), no maximum.
    static let learningRateMultiplier = JobField("learning_rate_multiplier",
                                                 .number(ValueRange(lower: 0, lowerInclusive: false)),
                                                 help: "Learning-rate multiplier (OpenAI).",
                                                 wire: hyper("learning_rate_multiplier", nebius: nil, platform: nil,
                                                             upstreams: ["bedrock": [], "fireworks-ai": []]), auto: [.openai])
    // DPO only: "auto" or 0 < beta <= 2.
    static let beta = JobField("beta", .number(ValueRange(lower: 0, lowerInclusive: false, upper: 2)),
                               help: "DPO's beta: the weight of the penalty between policy and reference (OpenAI).",
                               wire: hyper("beta", nebius: nil, platform: nil), auto: [.openai], methods: ["dpo"])
    // Reinforcement only. `reasoning_effort` is an enum with default "default", not an "auto" union.
    static let reasoningEffort = JobField("reasoning_effort", .choice(["default", "low", "medium", "high"]),
                                          help: "Reasoning effort of --method reinforcement (OpenAI).",
                                          wire: hyper("reasoning_effort", nebius: nil, platform: nil), methods: ["reinforcement"])
    // "auto" or 0.00001 < x <= 10 (`minimum: 1.0e-05, exclusiveMinimum: true, maximum: 10`).
    static let computeMultiplier = JobField("compute_multiplier", .number(ValueRange(lower: 0.00001, lowerInclusive: false, upper: 10)),
                                            help: "Compute multiplier of --method reinforcement (OpenAI).",
                                            wire: hyper("compute_multiplier", nebius: nil, platform: nil), auto: [.openai],
                                            methods: ["reinforcement"])
    // "auto" or an integer >= 1, no maximum.
    static let evalInterval = JobField("eval_interval", .integer(ValueRange(lower: 1)),
                                       help: "Training steps between evaluations, --method reinforcement (OpenAI).",
                                       wire: hyper("eval_interval", nebius: nil, platform: nil), auto: [.openai], methods: ["reinforcement"])
    static let evalSamples = JobField("eval_samples", .integer(ValueRange(lower: 1)),
                                      help: "Evaluation samples per evaluation, --method reinforcement (OpenAI).",
                                      wire: hyper("eval_samples", nebius: nil, platform: nil), auto: [.openai], methods: ["reinforcement"])
    static let warmupRatio = JobField("warmup_ratio", .number(.closed(0, 1)), help: "Warm-up ratio.",
                                      wire: hyper(nil, nebius: "warmup_ratio", platform: nil))
    static let warmupSteps = JobField("warmup_steps", .integer(ValueRange(lower: 0, upper: 1_000_000_000)), help: "Warm-up steps.",
                                      wire: hyper(nil, nebius: nil, platform: "warmupSteps"))
    static let weightDecay = JobField("weight_decay", .number(.closed(0, 1)), help: "Weight decay.",
                                      wire: hyper(nil, nebius: "weight_decay", platform: nil))
    static let packing = JobField("packing", .flag, help: "Pack examples into full sequences (--no-packing turns it off).",
                                  wire: hyper(nil, nebius: "packing", platform: nil))
    static let maxGradNorm = JobField("max_grad_norm", .number(ValueRange(lower: 0, lowerInclusive: false, upper: 1e6)),
                                      help: "Gradient clipping norm.", wire: hyper(nil, nebius: "max_grad_norm", platform: nil))
    // Nebius: 8192–131072, lora_r 8–128, lora_alpha >= 8 (SupervisedHParameters).
    static let contextLength = JobField("context_length", .integer(.closed(128, 1_048_576)), help: "Context length in tokens.",
                                        wire: hyper(nil, nebius: "context_length", platform: nil), ranges: [.nebius: .closed(8192, 131_072)])
    static let lora = JobField("lora", .flag, help: "Train a LoRA adapter.", wire: hyper(nil, nebius: "lora", platform: nil))
    static let loraR = JobField("lora_r", .integer(.closed(1, 1024)), help: "LoRA rank.",
                                wire: hyper(nil, nebius: "lora_r", platform: nil), ranges: [.nebius: .closed(8, 128)])
    static let loraAlpha = JobField("lora_alpha", .integer(.closed(1, 4096)), help: "LoRA alpha.",
                                    wire: hyper(nil, nebius: "lora_alpha", platform: nil), ranges: [.nebius: .closed(8, 4096)])
    static let loraDropout = JobField("lora_dropout", .number(ValueRange(lower: 0, upper: 1, upperInclusive: false)),
                                      help: "LoRA dropout.", wire: hyper(nil, nebius: "lora_dropout", platform: nil))

    /// The table, in body and help order.
    static let all: [JobField] = [
        .name, .model, .trainingFile, .description, .validationFile, .suffix, .seed, .metadata, .tags, .integrations,
        .fromCheckpoint, .hardware, .outputURI, .method, .grader, .epochs, .batchSize, .learningRate, .learningRateMultiplier, .beta,
        .reasoningEffort, .computeMultiplier, .evalInterval, .evalSamples, .warmupRatio,
        .warmupSteps, .weightDecay, .packing, .maxGradNorm, .contextLength, .lora, .loraR, .loraAlpha, .loraDropout,
    ] + togetherOnly

    /// Fields a training method cannot go without (OpenAI: a reinforcement job needs its grader).
    static let requiredByMethod: [String: [JobField]] = ["reinforcement": [.grader]]

    /// The field a spec-file key or a flag names, in any of its spellings.
    static func named(_ key: String) -> JobField? {
        let k = key.hasPrefix("--") ? String(key.dropFirst(2)) : key
        return all.first { $0.specKeys.contains(k) || $0.flag == key }
    }

    /// Fields that are training hyperparameters (shown under `hyperparameters` in a job).
    static let hyperparameters: [JobField] = [
        .epochs, .batchSize, .learningRate, .learningRateMultiplier, .beta, .reasoningEffort, .computeMultiplier, .evalInterval,
        .evalSamples, .warmupRatio, .warmupSteps, .weightDecay, .packing,
        .maxGradNorm, .contextLength, .lora, .loraR, .loraAlpha, .loraDropout,
        .nCheckpoints, .nEvals, .loraTrainableModules, .trainOnInputs, .lrScheduler, .rpoAlpha, .simpoGamma,
    ]

    // MARK: Together (togethercomputer/openapi `openapi.yaml` @090263a, `POST /fine-tunes` request body)

    /// Where the shared fields go in Together's flat body. `method`, `lora` and `from_checkpoint`
    /// are rewritten by the Together adapter (`sft`/`dpo`, `training_type.type`, `from_hf_model`).
    static let togetherPaths: [String: [String]] = [
        "model": ["model"], "training_file": ["training_file"], "validation_file": ["validation_file"], "suffix": ["suffix"],
        "seed": ["random_seed"], "integrations": ["integrations"], "from_checkpoint": ["from_hf_model"],
        "method": ["training_method.method"], "beta": ["training_method.dpo_beta"], "epochs": ["n_epochs"],
        "batch_size": ["batch_size"], "learning_rate": ["learning_rate"], "warmup_ratio": ["warmup_ratio"],
        "weight_decay": ["weight_decay"], "packing": ["packing"], "max_grad_norm": ["max_grad_norm"],
        "context_length": ["max_seq_length"], "lora": ["training_type.lora"], "lora_r": ["training_type.lora_r"],
        "lora_alpha": ["training_type.lora_alpha"], "lora_dropout": ["training_type.lora_dropout"],
    ]

    /// Fields only Together has.
    static let nCheckpoints = JobField("n_checkpoints", .integer(.closed(1, 1000)), help: "Checkpoints saved during training (together).",
                                       wire: Wire(together: ["n_checkpoints"]))
    static let nEvals = JobField("n_evals", .integer(.closed(0, 1000)), help: "Evaluations on the validation file during training (together).",
                                 wire: Wire(together: ["n_evals"]))
    static let loraTrainableModules = JobField("lora_trainable_modules", .text(maxLength: 1024),
                                               help: "Modules LoRA trains: all-linear or a comma-separated list (together).",
                                               valueName: "all-linear|m1,m2", wire: Wire(together: ["training_type.lora_trainable_modules"]))
    static let trainOnInputs = JobField("train_on_inputs", .choice(["auto", "true", "false"]),
                                        help: "Train on the prompts too, not only the answers (together, supervised).",
                                        wire: Wire(together: ["training_method.train_on_inputs"]), methods: ["supervised"])
    static let lrScheduler = JobField("lr_scheduler", .choice(["cosine", "linear"]), help: "Learning-rate schedule (together).",
                                      wire: Wire(together: ["lr_scheduler.lr_scheduler_type"]))
    static let rpoAlpha = JobField("rpo_alpha", .number(ValueRange(lower: 0, upper: 1e6)), help: "DPO's RPO alpha (together).",
                                   wire: Wire(together: ["training_method.rpo_alpha"]), methods: ["dpo"])
    static let simpoGamma = JobField("simpo_gamma", .number(ValueRange(lower: 0, upper: 1e6)), help: "DPO's SimPO gamma (together).",
                                     wire: Wire(together: ["training_method.simpo_gamma"]), methods: ["dpo"])
    /// `--from-job ft-ID[:STEP]` or an output model name: continue a Together job (its `from_checkpoint`).
    static let fromJob = JobField("from_job", .text(maxLength: 512), help: "Continue from a job's checkpoint: ft-ID, ft-ID:STEP or its output model (together).",
                                  valueName: "ft-id[:step]", wire: Wire(together: ["from_checkpoint"]))
    static let togetherOnly: [JobField] = [.nCheckpoints, .nEvals, .loraTrainableModules, .trainOnInputs, .lrScheduler, .rpoAlpha,
                                           .simpoGamma, .fromJob]
}
