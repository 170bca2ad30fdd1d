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
    /// q, k and v projections.
    case qkv
    /// q, v, o and the MLP (torchtune's Llama 3.2 LoRA default).
    case qvoMLP = "q_v_o_mlp"
    /// Every linear layer and the output head (LitGPT's Gemma/Phi configs).
    case allLinearHead = "all_linear_head"
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

extension LoRATargets {
    /// Reads a flag value: a case name, or a module list such as "q,v", "q,k,v,o,gate,up,down",
    /// "all-linear", "q,k,v,o,mlp,head". Nil for a list that names no known set.
    public init?(list: String) {
        let raw = list.lowercased().trimmingCharacters(in: .whitespaces)
        if let v = LoRATargets(rawValue: raw.replacingOccurrences(of: "-", with: "_")) { self = v; return }
        var parts = Set(raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "_proj", with: "") })
        if parts.remove("mlp") != nil { parts.formUnion(["gate", "up", "down"]) }
        if parts.remove("output") != nil { parts.insert("head") }
        if parts.remove("lm_head") != nil { parts.insert("head") }
        let mlp: Set<String> = ["gate", "up", "down"]
        switch parts {
        case ["q", "v"]: self = .qv
        case ["q", "k", "v"]: self = .qkv
        case ["q", "k", "v", "o"]: self = .attention
        case mlp: self = .mlp
        case Set(["q", "v", "o"]).union(mlp): self = .qvoMLP
        case Set(["q", "k", "v", "o"]).union(mlp), ["all", "linear"], ["all"]: self = .allLinear
        case Set(["q", "k", "v", "o", "head"]).union(mlp): self = .allLinearHead
        default: return nil
        }
    }
}

/// What is moved to CPU memory between uses.
public enum Offload: String, Codable, Sendable, Hashable, CaseIterable {
    case none
    /// Optimizer states and FP32 master weights (ZeRO-Offload, torchtune's offload of the optimizer).
    case optimizer
    /// Parameters, gradients and optimizer states (FSDP cpu_offload, ZeRO-3 offload_param).
    case params
}

/// How activations saved for the backward pass are kept.
public enum ActivationMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// Every layer's activations stay on the GPU.
    case none
    /// Only block inputs are kept; the rest is recomputed (gradient/activation checkpointing).
    case checkpoint
    /// Checkpointing with the kept block inputs copied to CPU memory (torchtune, Unsloth).
    case offload
}

/// What a published memory figure measures, smallest first.
public enum MemoryMeasure: String, Codable, Sendable, Hashable, CaseIterable {
    /// `torch.cuda.max_memory_allocated()` (or torchtune's active bytes): tensors alive at the peak.
    case allocated
    /// `torch.cuda.max_memory_reserved()`: what PyTorch's caching allocator holds, fragmentation included.
    case reserved
    /// What nvidia-smi shows: reserved plus the CUDA context and library workspaces. What must fit the card.
    case device
}
