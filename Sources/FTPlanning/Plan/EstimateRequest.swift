import FTCore

/// The inputs of `ftctl estimate`.
public struct EstimateRequest: Sendable, Hashable {
    public var model: String
    /// Dataset tokens for one epoch.
    public var tokens: Int?
    public var examples: Int?
    /// Nil: OpenAI's default for `examples` (3 without examples).
    public var epochs: Int?
    public var method: TrainingMethod = .lora
    /// Sequence length of one training sequence; nil: min(2048, the model's max context).
    public var contextLength: Int?
    /// Sequences per micro-batch on each GPU.
    public var batchSize: Int = 1
    public var loraRank: Int = 16
    /// QLoRA quantization, 4 or 8.
    public var bits: Int = 4
    public var optimizer: OptimizerKind = .adamw
    public var gradientCheckpointing: Bool = true
    public var provider: String?
    public var hardwareID: String?
    public var gpus: Int?
    /// Sequences packed to the context length (tokens processed = dataset tokens); without packing each
    /// example is padded to the context length.
    public var packing: Bool = true
    public var precision: Precision = .mixed
    public var loraTargets: LoRATargets = .allLinear
    public var attention: AttentionKernel = .flash
    /// Nil: ZeRO-3 (FSDP full shard) on more than one GPU.
    public var sharding: Sharding?
    /// Setup flags the user gave explicitly; they win over the preset and over the fields above.
    public var setup = TrainingSetup()
    /// A framework's defaults for the setup flags not given. Without a preset or setup flags, memory
    /// is also given as a range over every preset.
    public var preset: Preset?
    /// SFT, DPO or RFT: per-token providers price them differently.
    public var training: TrainingKind = .sft
    /// The user said whether examples are packed; otherwise the high end assumes they are not.
    public var packingStated = false
    /// Reinforcement fine-tuning billed per training hour: the hours the user expects (low…high);
    /// nil: no total, since the provider does not predict them.
    public var trainingHours: HoursGuess?
    /// Models that grade outputs during reinforcement fine-tuning (their tokens are billed apart).
    public var graderModels: [String] = []
    /// A model read from a Hugging Face config.json (`--model-config`), used instead of the catalog.
    public var customModel: BaseModel?

    public init(model: String, tokens: Int? = nil, examples: Int? = nil, epochs: Int? = nil, method: TrainingMethod = .lora) {
        self.model = model
        self.tokens = tokens
        self.examples = examples
        self.epochs = epochs
        self.method = method
    }

    /// Training hours as the user guesses them: one figure, or a low and a high one.
    public struct HoursGuess: Sendable, Hashable {
        public var low: Double
        public var high: Double
        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }

        /// "2" or "1.5-4"; nil for anything else (negative, reversed, not finite, over 10,000 h).
        public init?(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(parts.count), let lo = parts.first ?? nil, let hi = parts.last ?? nil,
                  lo.isFinite, hi.isFinite, lo > 0, lo <= hi, hi <= 10_000 else { return nil }
            self.init(low: lo, high: hi)
        }
    }

    static let maxTokens = 1 << 50
    static let maxEpochs = 1000

    /// Rejects values no plan can be made for, with the flag to fix.
    func validate(model m: BaseModel) throws -> (tokens: Int, contextLength: Int) {
        func bad(_ why: String, _ hint: String) -> FTError { FTError(.usage, what: "estimate", why: why, hint: hint) }
        guard let tokens else {
            throw bad("the dataset size is unknown", "Pass --tokens N or --dataset PATH (examples alone do not give a token count).")
        }
        guard tokens >= 0, tokens <= Self.maxTokens else {
            throw bad("--tokens \(tokens) is out of range", "Give a token count between 0 and \(Self.maxTokens).")
        }
        if let examples, examples < 0 || examples > Self.maxTokens {
            throw bad("--examples \(examples) is out of range", "Give a non-negative number of examples.")
        }
        if let epochs, epochs < 1 || epochs > Self.maxEpochs {
            throw bad("--epochs \(epochs) is out of range", "Use 1 to \(Self.maxEpochs).")
        }
        let context = contextLength ?? min(2048, m.maxContext)
        guard context >= 1 else { throw bad("--context-length \(context) must be positive", "Use e.g. --context-length 2048.") }
        guard context <= m.maxContext else {
            throw bad("--context-length \(context) exceeds \(m.id)'s maximum context of \(m.maxContext)",
                      "Use at most --context-length \(m.maxContext).")
        }
        guard batchSize >= 1, batchSize <= 65_536 else { throw bad("--batch-size \(batchSize) is out of range", "Use 1 to 65536.") }
        if method != .full {
            guard loraRank >= 1, loraRank <= 65_536 else { throw bad("--lora-r \(loraRank) is out of range", "Use 1 to 65536, e.g. 16.") }
        }
        if method == .qlora, bits != 4, bits != 8 { throw bad("--bits \(bits) is not supported", "Use --bits 4 or --bits 8.") }
        if let gpus, gpus < 1 || gpus > 1024 { throw bad("--gpus \(gpus) is out of range", "Use 1 to 1024.") }
        if let r = setup.loraRank, r < 1 || r > 65_536 { throw bad("--lora-r \(r) is out of range", "Use 1 to 65536, e.g. 16.") }
        return (tokens, context)
    }
}
