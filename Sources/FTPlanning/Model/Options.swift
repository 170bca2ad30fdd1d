/// How a model is trained.
public enum TrainingMethod: String, Codable, Sendable, Hashable, CaseIterable {
    case full, lora, qlora
}

/// Number formats of the trained weights.
public enum Precision: String, Codable, Sendable, Hashable, CaseIterable {
    /// BF16 weights and gradients with FP32 master weights in the optimizer (ZeRO's mixed precision).
    case mixed
    /// Everything in BF16, optimizer states in the parameter dtype (torchtune's default).
    case bf16
    /// Everything in FP32.
    case fp32
}

public enum OptimizerKind: String, Codable, Sendable, Hashable, CaseIterable {
    case adamw
    case adamw8bit = "adamw_8bit"
    case pagedAdamw = "paged_adamw"
    case pagedAdamw8bit = "paged_adamw_8bit"
    case sgd
    case sgdMomentum = "sgd_momentum"

    /// Reads the usual spellings: adamw_torch, adam, adamw_bnb_8bit, paged_adamw_32bit, sgd…
    public init?(name: String) {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "_")
        switch n {
        case "adamw", "adam", "adamw_torch", "adamw_torch_fused", "adamw_hf", "adamw_apex_fused", "fused_adamw": self = .adamw
        case "adamw_8bit", "adamw8bit", "adamw_bnb_8bit", "adam8bit", "adam_8bit", "bnb_adamw8bit": self = .adamw8bit
        case "paged_adamw", "paged_adamw_32bit", "pagedadamw", "paged_adam": self = .pagedAdamw
        case "paged_adamw_8bit", "pagedadamw8bit", "paged_adam_8bit": self = .pagedAdamw8bit
        case "sgd": self = .sgd
        case "sgd_momentum", "sgdm", "momentum": self = .sgdMomentum
        default: return nil
        }
    }

    /// Optimizer states kept per trainable parameter.
    var stateCount: Int {
        switch self {
        case .adamw, .adamw8bit, .pagedAdamw, .pagedAdamw8bit: return 2
        case .sgdMomentum: return 1
        case .sgd: return 0
        }
    }

    var eightBit: Bool { self == .adamw8bit || self == .pagedAdamw8bit }
    var paged: Bool { self == .pagedAdamw || self == .pagedAdamw8bit }
}

/// The attention kernel: flash and SDPA keep no s×s matrix; eager materialises it.
public enum AttentionKernel: String, Codable, Sendable, Hashable, CaseIterable {
    case flash, sdpa, eager
}

/// How state is split across data-parallel GPUs. FSDP full shard is ZeRO-3.
public enum Sharding: String, Codable, Sendable, Hashable, CaseIterable {
    case none, zero1, zero2, zero3

    public init?(name: String) {
        switch name.lowercased() {
        case "none", "ddp", "zero0": self = .none
        case "zero1", "zero-1": self = .zero1
        case "zero2", "zero-2", "fsdp_shard_grad_op", "shard_grad_op": self = .zero2
        case "zero3", "zero-3", "fsdp", "full_shard", "fsdp_full_shard": self = .zero3
        default: return nil
        }
    }
}

/// Which linear layers get LoRA adapters.
public enum LoRATargets: String, Codable, Sendable, Hashable, CaseIterable {
    /// q_proj and v_proj.
    case qv
    /// One fused qkv projection (e.g. Qwen-1's c_attn): the same count as q+k+v with a shared input.
    case qkvFused = "qkv_fused"
    /// q, k, v and o projections.
    case attention
    /// gate, up and down projections (every expert's, for MoE).
    case mlp
    /// Every linear layer of every block (not the embeddings or the output head).
    case allLinear = "all_linear"
    /// All linear layers where q, k and v are one fused matrix (Qwen-1's c_attn, c_proj, w1, w2, mlp.c_proj).
    case allLinearFusedQKV = "all_linear_fused_qkv"
}
