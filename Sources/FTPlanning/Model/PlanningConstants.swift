/// The few global constants of the estimates. They are calibrated once against the published runs in
/// the validation table (Docs/ESTIMATION.md), never per run.
public struct PlanningConstants: Sendable, Hashable {
    /// CUDA context and library workspaces (cuBLAS, NCCL), outside PyTorch's allocator.
    public var cudaContextGiB: Double = 1.0
    /// Allocator fragmentation and temporary buffers, as a fraction of what the model accounts for.
    public var fragmentation: Double = 0.15
    /// Bytes per logit entry (tokens × vocab) at the loss: BF16 logits (2), their FP32 upcast (4),
    /// the FP32 gradient of the loss (4) and its BF16 cast (2).
    public var logitBytes: Double = 12
    /// The same with a chunked cross-entropy that upcasts one chunk at a time (LitGPT's 128-token
    /// head chunks, eager).
    public var chunkedLogitBytes: Double = 3.25
    /// Compiled or fused kernels (torch.compile, Unsloth) fuse the FP32 upcast into the loss and its
    /// gradient's cast back: BF16 logits (2), FP32 log-probabilities (4) and FP32 gradient (4) ...
    public var fusedLogitBytes: Double = 10
    /// ... and chunked: the BF16 logits of every chunk stay for the backward pass (2) plus one of
    /// torchtune's 8 chunks' BF16 gradient (2/8); nothing FP32 is materialised.
    public var fusedChunkedLogitBytes: Double = 2.25
    /// Model FLOPs utilisation of the matmul work, per method.
    public var mfuFull: Double = 0.6
    public var mfuLoRA: Double = 0.6
    public var mfuQLoRA: Double = 0.6
    /// Framework time per micro-batch (kernel launches, Python, data loading), in seconds.
    public var microBatchOverheadSeconds: Double = 0.08
    /// QLoRA dequantisation traffic, as bytes moved per quantized weight per micro-batch.
    public var dequantBytesPerParam: Double = 70
    /// Data-parallel scaling efficiency applied when more than one GPU is used.
    public var multiGPUEfficiency: Double = 0.9
    /// The share of GPU memory a plan may use (the safety margin).
    public var memoryMargin: Double = 0.9
    /// How far a memory prediction can be off with the setup right: the memory range's ends move
    /// out by this share. It is the median absolute error of the prediction on published runs whose
    /// setup is known (Docs/ESTIMATION.md), so an end that is a real setup still allows for the
    /// model's own error instead of claiming a precision it does not have.
    public var memoryModelError: Double = 0.14

    public init() {}

    public static let `default` = PlanningConstants()
}
