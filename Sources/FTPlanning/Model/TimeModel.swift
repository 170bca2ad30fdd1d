/// What one training run looks like to the time model.
public struct TimeConfig: Sendable, Hashable {
    public var method: TrainingMethod
    public var loraRank: Int = 16
    public var loraTargets: LoRATargets = .allLinear
    public var seqLen: Int = 2048
    public var microBatch: Int = 1
    public var gradientCheckpointing: Bool = true
    public var gpus: Int = 1

    public init(method: TrainingMethod) { self.method = method }
}

public struct TimeEstimate: Sendable, Hashable {
    /// Training FLOPs per token processed, recomputation included.
    public var flopsPerToken: Double
    /// Throughput of the whole job (all GPUs).
    public var tokensPerSecond: Double
    /// Seconds for one micro-batch on one GPU.
    public var secondsPerMicroBatch: Double
    public var hours: Double
}

/// Training time: FLOPs over delivered throughput plus a per-micro-batch framework cost.
///
/// FLOPs per token: 6N for full fine-tuning (forward 2N, backward 4N; Kaplan et al. 2020), 4N for
/// LoRA/QLoRA (the frozen weights need input gradients, 2N, but no weight gradients) plus 6 per
/// adapter parameter; +2N when activations are recomputed (gradient checkpointing). Attention adds
/// 12·layers·(heads·head_dim)·seq per token (PaLM, Chowdhery et al. 2022, appendix B), +4·… with
/// recomputation. N counts the matmul weights one token uses (MoE: the top-k experts).
public enum TimeModel {
    public static func flopsPerToken(_ a: Architecture, _ c: TimeConfig) -> Double {
        let p = ParameterCount(a)
        let n = p.activeMatmul
        let q = Double(a.heads) * Double(a.resolvedHeadDim)
        let attnForward = 4 * Double(a.layers) * q * Double(max(c.seqLen, 0))
        var flops: Double
        switch c.method {
        case .full:
            flops = 6 * n + 3 * attnForward
        case .lora, .qlora:
            flops = 4 * n + 3 * attnForward + 6 * ParameterCount.lora(a, rank: c.loraRank, targets: c.loraTargets)
        }
        if c.gradientCheckpointing { flops += 2 * n + attnForward }
        return flops
    }

    public static func mfu(_ method: TrainingMethod, _ k: PlanningConstants) -> Double {
        switch method {
        case .full: return k.mfuFull
        case .lora: return k.mfuLoRA
        case .qlora: return k.mfuQLoRA
        }
    }

    /// Time for `tokens` processed tokens (all epochs) on `gpu` × `c.gpus`.
    public static func estimate(_ a: Architecture, _ c: TimeConfig, gpu: GPUSpec, tokens: Double,
                                constants k: PlanningConstants = .default) -> TimeEstimate {
        let gpus = Double(max(c.gpus, 1))
        let perToken = flopsPerToken(a, c)
        let efficiency = c.gpus > 1 ? k.multiGPUEfficiency : 1
        let deliveredPerGPU = gpu.bf16DenseTFLOPS * 1e12 * mfu(c.method, k) * efficiency
        let microTokens = Double(max(c.seqLen, 1)) * Double(max(c.microBatch, 1))
        var fixed = k.microBatchOverheadSeconds
        if c.method == .qlora {
            fixed += ParameterCount(a).blockLinear * k.dequantBytesPerParam / (gpu.memoryBandwidthGBps * 1e9)
        }
        let secondsPerMicro = microTokens * perToken / deliveredPerGPU + fixed
        let tokensPerSecond = gpus * microTokens / secondsPerMicro
        let seconds = max(tokens, 0) / tokensPerSecond
        return TimeEstimate(flopsPerToken: perToken, tokensPerSecond: tokensPerSecond,
                            secondsPerMicroBatch: secondsPerMicro, hours: seconds / 3600)
    }
}
