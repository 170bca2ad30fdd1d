/// What one training run looks like to the memory model.
public struct MemoryConfig: Sendable, Hashable {
    public var method: TrainingMethod
    public var precision: Precision = .mixed
    /// 4 or 8, for QLoRA.
    public var quantBits: Int = 4
    /// QLoRA double quantization of the NF4 absmax constants.
    public var doubleQuant: Bool = true
    public var loraRank: Int = 16
    public var loraTargets: LoRATargets = .allLinear
    public var optimizer: OptimizerKind = .adamw
    public var seqLen: Int = 2048
    /// Sequences per micro-batch on each GPU.
    public var microBatch: Int = 1
    public var gradientCheckpointing: Bool = true
    /// Kept block inputs go to CPU memory (needs checkpointing; torchtune's activation offloading).
    public var activationOffload: Bool = false
    public var offload: Offload = .none
    /// Unfused (eager) RMSNorm, as in LitGPT and Hugging Face models without compile: each norm
    /// upcasts its input to FP32 and autograd keeps that copy for the backward pass.
    public var eagerKernels: Bool = false
    public var attention: AttentionKernel = .flash
    public var gpus: Int = 1
    public var sharding: Sharding = .none
    /// A chunked cross-entropy (torchtune) instead of materialising FP32 logits for the whole batch.
    public var chunkedLoss: Bool = false
    /// The optimizer steps each parameter as its gradient arrives, so gradients never all coexist.
    public var optimizerInBackward: Bool = false
    /// LoRA dropout above zero: each adapted layer keeps its dropped-out copy of the input (in the
    /// activations' dtype) and the dropout mask (one byte per value) for the backward pass.
    public var loraDropout: Bool = false
    /// bitsandbytes before 0.43.2 keeps every 4-bit layer's input for a backward pass that never
    /// uses it (fixed by bitsandbytes PR #1270, "fix QLoRA mem bug: delete useless buffered activation").
    public var quantizedInputsKept: Bool = false

    public init(method: TrainingMethod) { self.method = method }
}

/// Peak memory on one GPU, in GiB (2^30 bytes).
public struct MemoryBreakdown: Sendable, Hashable, Codable {
    public var weights: Double
    public var gradients: Double
    public var optimizer: Double
    public var activations: Double
    public var overhead: Double
    /// What the GPU must hold (nvidia-smi's figure): the four parts plus overhead.
    public var total: Double
    /// The tensors alive at the peak (`max_memory_allocated`).
    public var allocated: Double
    /// What PyTorch's caching allocator holds (`max_memory_reserved`): allocated plus fragmentation.
    public var reserved: Double

    /// `unmanaged`: the part of the four that PyTorch's allocator does not hold (bitsandbytes' paged
    /// optimizer states live in CUDA unified memory), on the device but in neither torch figure.
    public init(weights: Double, gradients: Double, optimizer: Double, activations: Double, overhead: Double,
                reserved: Double? = nil, unmanaged: Double = 0) {
        self.weights = weights
        self.gradients = gradients
        self.optimizer = optimizer
        self.activations = activations
        self.overhead = overhead
        self.total = weights + gradients + optimizer + activations + overhead
        self.allocated = weights + gradients + optimizer + activations - unmanaged
        self.reserved = reserved ?? total
    }

    /// The figure a source of kind `measure` would have published.
    public func value(_ measure: MemoryMeasure) -> Double {
        switch measure {
        case .allocated: return allocated
        case .reserved: return reserved
        case .device: return total
        }
    }
}

/// Per-GPU peak training memory from the architecture.
///
/// Weights, gradients and optimizer states follow the ZeRO paper's accounting (Rajbhandari et al.
/// 2020: 2 + 2 + 12 bytes per parameter for mixed-precision Adam); activations follow Korthikanti
/// et al. 2022, "Reducing Activation Recomputation in Large Transformer Models", generalised to GQA
/// and gated MLPs; QLoRA storage follows Dettmers et al. 2023.
public enum MemoryModel {
    static let gib = 1_073_741_824.0

    /// Bytes per quantized weight: NF4 with one FP32 absmax per 64 weights, or with double quantization
    /// 8-bit absmax plus one FP32 constant per 256 absmax; LLM.int8 with one FP32 scale per row.
    public static func quantizedBytesPerParam(bits: Int, doubleQuant: Bool, hidden: Int) -> Double {
        if bits == 8 { return 1 + 4 / Double(max(hidden, 1)) }
        return doubleQuant ? 0.5 + 1.0 / 64 + 4.0 / (64 * 256) : 0.5 + 4.0 / 64
    }

    /// Activation bytes per token for one transformer layer, all of its saved tensors.
    public static func layerActivationBytesPerToken(_ a: Architecture, seqLen: Int, attention: AttentionKernel) -> Double {
        let h = Double(a.hidden), hd = Double(a.resolvedHeadDim)
        let q = Double(a.heads) * hd, kv = Double(a.kvHeads) * hd
        // Two norms' inputs and the two block inputs (2h each), q/k/v, the attention output feeding o_proj.
        var bytes = 8 * h + 2 * (q + 2 * kv) + 2 * q
        let inter = Double(a.moe?.expertIntermediate ?? a.intermediate)
        let mlp = a.gatedMLP ? 8 * inter : 4 * inter  // gate, up, act(gate), act·up — or fc1 out and act out
        if let moe = a.moe {
            bytes += Double(moe.topK) * mlp + 4 * Double(moe.experts)  // top-k experts + FP32 router logits
        } else {
            bytes += mlp
        }
        if attention == .eager {
            // Korthikanti's 5·a·s per token: scores, softmax output and the probabilities matmul'd with V.
            bytes += 5 * Double(a.heads) * Double(seqLen)
        }
        return bytes
    }

    public static func estimate(_ a: Architecture, _ c: MemoryConfig, constants k: PlanningConstants = .default) -> MemoryBreakdown {
        let p = ParameterCount(a)
        let gpus = Double(max(c.gpus, 1))
        let sharding: Sharding = c.gpus > 1 ? c.sharding : .none

        // Weights.
        let working: Double = c.precision == .fp32 ? 4 : 2
        var weightBytes: Double
        var trainable: Double
        var trainableBytes: Double   // storage of the trainable copy itself
        switch c.method {
        case .full:
            weightBytes = p.total * working
            trainable = p.total
            trainableBytes = 0
        case .lora, .qlora:
            trainable = ParameterCount.lora(a, rank: c.loraRank, targets: c.loraTargets)
            // PEFT keeps adapters in FP32 under mixed precision, in the model dtype otherwise.
            trainableBytes = trainable * (c.precision == .bf16 ? 2 : 4)
            if c.method == .qlora {
                let q = quantizedBytesPerParam(bits: c.quantBits, doubleQuant: c.doubleQuant, hidden: a.hidden)
                weightBytes = p.blockLinear * q + (p.total - p.blockLinear) * 2
            } else {
                weightBytes = p.total * working
            }
        }
        let weightBytesPerParam = weightBytes / max(p.total, 1)
        if c.offload == .params {
            // Everything lives in CPU memory; the GPU holds the layer being computed and the prefetched next one.
            weightBytes = 2 * max(p.largestLayer, p.embedding) * weightBytesPerParam
            trainableBytes = 0
        } else if sharding == .zero3 {
            weightBytes = weightBytes / gpus + 2 * p.largestLayer * working  // own shard + gathered layers (prefetch)
            trainableBytes /= gpus
        }
        weightBytes += trainableBytes

        // Gradients.
        let gradBytesPerParam: Double
        switch (c.method, c.precision) {
        case (.full, .fp32): gradBytesPerParam = 4
        case (.full, _): gradBytesPerParam = 2
        case (_, .bf16): gradBytesPerParam = 2
        default: gradBytesPerParam = 4
        }
        var gradBytes = trainable * gradBytesPerParam
        if c.optimizerInBackward, c.method == .full {
            gradBytes = max(p.embedding, p.largestLayer) * gradBytesPerParam
        }
        if sharding == .zero2 || sharding == .zero3 { gradBytes /= gpus }
        if c.offload == .params { gradBytes = min(gradBytes, max(p.largestLayer, p.embedding) * gradBytesPerParam) }

        // Optimizer states (and FP32 master weights for mixed-precision full fine-tuning).
        let master: Double = (c.method == .full && c.precision == .mixed) ? 4 : 0
        let stateBytes: Double
        if c.optimizer.eightBit {
            stateBytes = 1 + 4.0 / 2048  // blockwise 8-bit, one FP32 constant per 2048 values
        } else if c.method == .full {
            stateBytes = c.precision == .bf16 ? 2 : 4
        } else {
            stateBytes = c.precision == .bf16 ? 2 : 4
        }
        var optBytes = trainable * (master + Double(c.optimizer.stateCount) * stateBytes)
        if sharding != .none { optBytes /= gpus }
        if c.offload != .none { optBytes = 0 }  // states and master weights are stepped on the CPU
        // bitsandbytes allocates paged states with cudaMallocManaged: on the device (until they page
        // out to CPU RAM under pressure), but outside PyTorch's caching allocator and its statistics.
        let pagedBytes = c.optimizer.paged ? trainable * Double(c.optimizer.stateCount) * stateBytes / (sharding != .none ? gpus : 1) : 0
        let unmanaged = c.offload != .none ? 0 : pagedBytes

        // Activations for one micro-batch on this GPU.
        let tokens = Double(max(c.seqLen, 0)) * Double(max(c.microBatch, 0))
        let h = Double(a.hidden), L = Double(a.layers)
        var layer = layerActivationBytesPerToken(a, seqLen: c.seqLen, attention: c.attention)
        if c.eagerKernels { layer += 2 * 4 * h }  // each of the 2 norms also keeps its FP32 upcast input
        var headExtra = 0.0
        if c.method != .full, c.loraDropout {
            // A dropped-out bf16 copy (2 B) and its mask (1 B) per value of each adapted layer's input.
            layer += 3 * ParameterCount.loraInputWidth(a, targets: c.loraTargets)
            if c.loraTargets == .allLinearHead { headExtra += 3 * h }
        }
        if c.method == .qlora, c.quantizedInputsKept {
            // The two norms' outputs (inputs of q/k/v and of gate/up); o's and down's inputs are
            // already counted above.
            layer += 2 * 2 * h
        }
        var perToken: Double
        if c.gradientCheckpointing && c.activationOffload {
            perToken = 2 * 2 * h + layer  // two block inputs in flight to/from the CPU, one layer recomputed
        } else if c.gradientCheckpointing {
            perToken = L * 2 * h + layer
        } else {
            perToken = L * layer
        }
        perToken += 4 * h + headExtra  // embedding output and final norm
        let logitBytes = c.eagerKernels ? (c.chunkedLoss ? k.chunkedLogitBytes : k.logitBytes)
                                        : (c.chunkedLoss ? k.fusedChunkedLogitBytes : k.fusedLogitBytes)
        // An adapter on the output head adds its own vocabulary-wide bf16 output to the logits.
        let headAdapter: Double = c.method != .full && c.loraTargets == .allLinearHead ? 2 : 0
        let logits = Double(a.vocab) * (logitBytes + headAdapter)
        let actBytes = tokens * (perToken + logits)

        let accounted = (weightBytes + gradBytes + optBytes + actBytes - unmanaged) / gib
        // Reserved = allocated + the caching allocator's fragmentation; the device adds the CUDA context.
        let fragmentation = k.fragmentation * accounted
        return MemoryBreakdown(weights: weightBytes / gib, gradients: gradBytes / gib, optimizer: optBytes / gib,
                               activations: actBytes / gib, overhead: k.cudaContextGiB + fragmentation,
                               reserved: accounted + fragmentation, unmanaged: unmanaged / gib)
    }
}
