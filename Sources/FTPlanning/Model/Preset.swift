/// What a framework does when its user changes nothing: its shipped recipes' defaults. A preset fills
/// the setup flags the user left out; without one, an estimate is a range over all of them.
public enum Preset: String, Sendable, Hashable, CaseIterable, Codable {
    /// torchtune recipes (recipes/configs): pure BF16, activation checkpointing, chunked cross-entropy;
    /// single-device full fine-tunes use PagedAdamW8bit stepped in the backward pass.
    case torchtune
    /// LitGPT finetune scripts: bf16-true, AdamW (PagedAdamW for QLoRA, NF4 without double quant),
    /// head and loss in 128-token chunks; FSDP with checkpointing on several GPUs, none on one.
    case litgpt
    /// Hugging Face Trainer + PEFT defaults: BF16 weights with FP32 adapters, adamw_torch, no gradient
    /// checkpointing, LoRA r=8 on q and v, DDP across GPUs.
    case peft
    /// Unsloth notebooks: r=16 on all linear layers, adamw_8bit, checkpointing with offload ("unsloth"),
    /// fused chunked cross-entropy.
    case unsloth
    /// axolotl example configs: gradient checkpointing, 8-bit AdamW, LoRA r=32 on all linear layers,
    /// DeepSpeed ZeRO-3 across GPUs.
    case axolotl
    /// LLaMA-Factory examples: BF16 mixed, adamw_torch, checkpointing on, LoRA r=8 on all linear layers.
    case llamafactory

    /// Reads `--preset`, case-insensitive, with the usual spellings.
    public init?(name: String) {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        switch n {
        case "torchtune": self = .torchtune
        case "litgpt", "litgpt2", "lightning": self = .litgpt
        case "peft", "hf", "huggingface", "trl", "transformers": self = .peft
        case "unsloth": self = .unsloth
        case "axolotl": self = .axolotl
        case "llamafactory", "factory": self = .llamafactory
        default: return nil
        }
    }

    public func setup(method: TrainingMethod, gpus: Int) -> TrainingSetup {
        let multi = gpus > 1
        switch self {
        case .torchtune:
            let singleFull = method == .full && !multi
            return TrainingSetup(precision: .bf16, optimizer: singleFull ? .pagedAdamw8bit : .adamw, optimizerInBackward: singleFull,
                                 activations: .checkpoint, offload: Offload.none, sharding: .zero3, chunkedLoss: true,
                                 loraRank: 8, loraTargets: .qvoMLP, doubleQuant: false, eagerKernels: false, loraDropout: false,
                                 quantizedInputsKept: false)
        case .litgpt:
            return TrainingSetup(precision: .bf16, optimizer: method == .qlora ? .pagedAdamw : .adamw, optimizerInBackward: false,
                                 activations: multi ? .checkpoint : ActivationMode.none, offload: Offload.none, sharding: .zero3,
                                 chunkedLoss: true, loraRank: 8, loraTargets: .qv, doubleQuant: false, eagerKernels: true, loraDropout: true,
                                 quantizedInputsKept: false)
        case .peft:
            return TrainingSetup(precision: .mixed, optimizer: .adamw, optimizerInBackward: false, activations: ActivationMode.none,
                                 offload: Offload.none, sharding: Sharding.none, chunkedLoss: false, loraRank: 8, loraTargets: .qv,
                                 doubleQuant: true, eagerKernels: true, loraDropout: false, quantizedInputsKept: false)
        case .unsloth:
            return TrainingSetup(precision: .bf16, optimizer: .adamw8bit, optimizerInBackward: false, activations: .offload,
                                 offload: Offload.none, sharding: Sharding.none, chunkedLoss: true, loraRank: 16, loraTargets: .allLinear,
                                 doubleQuant: true, eagerKernels: false, loraDropout: false, quantizedInputsKept: false)
        case .axolotl:
            return TrainingSetup(precision: .mixed, optimizer: .adamw8bit, optimizerInBackward: false, activations: .checkpoint,
                                 offload: Offload.none, sharding: .zero3, chunkedLoss: false, loraRank: 32, loraTargets: .allLinear,
                                 doubleQuant: true, eagerKernels: true, loraDropout: true, quantizedInputsKept: false)
        case .llamafactory:
            return TrainingSetup(precision: .mixed, optimizer: .adamw, optimizerInBackward: false, activations: .checkpoint,
                                 offload: Offload.none, sharding: .zero3, chunkedLoss: false, loraRank: 8, loraTargets: .allLinear,
                                 doubleQuant: true, eagerKernels: true, loraDropout: false, quantizedInputsKept: false)
        }
    }
}
