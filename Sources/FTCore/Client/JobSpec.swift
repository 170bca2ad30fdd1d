/// What `jobs create` asks for, before any provider's spelling. Providers map it onto their body;
/// `extra` holds `--set` paths, passed through unchecked.
public struct JobSpec: Sendable, Equatable {
    public var model: String
    public var trainingFile: String
    public var validationFile: String?
    public var name: String?
    public var description: String?
    public var method: String?
    public var epochs: Int?
    public var learningRate: Double?
    public var learningRateMultiplier: Double?
    public var batchSize: Int?
    public var warmupRatio: Double?
    public var warmupSteps: Int?
    public var weightDecay: Double?
    public var maxGradNorm: Double?
    public var contextLength: Int?
    public var packing: Bool?
    public var lora: Bool?
    public var loraR: Int?
    public var loraAlpha: Int?
    public var loraDropout: Double?
    public var suffix: String?
    public var seed: Int?
    public var metadata: [String: String] = [:]
    public var tags: [String] = []
    public var integrations: [JSONValue] = []
    public var fromCheckpoint: JSONValue?
    public var hardware: String?
    public var extra: [(path: String, value: JSONValue)] = []

    public init(model: String, trainingFile: String) {
        self.model = model
        self.trainingFile = trainingFile
    }

    /// The hyperparameters that were set, by normalized name, with the flag that set each, in a
    /// fixed order: what a provider maps onto its own field names (or refuses).
    public var hyperparameters: [(name: String, flag: String, value: JSONValue)] {
        let all: [(String, String, JSONValue?)] = [
            ("epochs", "--epochs", epochs.map { .int(Int64($0)) }),
            ("batch_size", "--batch-size", batchSize.map { .int(Int64($0)) }),
            ("learning_rate", "--learning-rate", learningRate.map { .double($0) }),
            ("learning_rate_multiplier", "--learning-rate-multiplier", learningRateMultiplier.map { .double($0) }),
            ("warmup_ratio", "--warmup-ratio", warmupRatio.map { .double($0) }),
            ("warmup_steps", "--warmup-steps", warmupSteps.map { .int(Int64($0)) }),
            ("weight_decay", "--weight-decay", weightDecay.map { .double($0) }),
            ("packing", "--packing", packing.map { .bool($0) }),
            ("max_grad_norm", "--max-grad-norm", maxGradNorm.map { .double($0) }),
            ("context_length", "--context-length", contextLength.map { .int(Int64($0)) }),
            ("lora", "--lora", lora.map { .bool($0) }),
            ("lora_r", "--lora-r", loraR.map { .int(Int64($0)) }),
            ("lora_alpha", "--lora-alpha", loraAlpha.map { .int(Int64($0)) }),
            ("lora_dropout", "--lora-dropout", loraDropout.map { .double($0) }),
        ]
        return all.compactMap { n, f, v in v.map { (n, f, $0) } }
    }

    /// Maps the set hyperparameters onto a provider's field names; one the provider has no field
    /// for is refused, naming its flag, unless `--set` writes the same field (the user's explicit word).
    public func wireHyperparameters(_ names: [String: String], provider: ProviderID) throws -> JSONObject {
        var out = JSONObject()
        for (name, flag, value) in hyperparameters {
            guard let wire = names[name] else {
                throw FTError(.usage, what: flag, why: "\(provider) has no field for it",
                              hint: "Leave it out, or send it anyway with --set KEY=VALUE (the body path \(provider) should get).")
            }
            out[wire] = value
        }
        return out
    }

    public static func == (a: JobSpec, b: JobSpec) -> Bool {
        a.model == b.model && a.trainingFile == b.trainingFile && a.validationFile == b.validationFile
            && a.epochs == b.epochs && a.learningRate == b.learningRate && a.batchSize == b.batchSize
            && a.suffix == b.suffix && a.seed == b.seed && a.metadata == b.metadata && a.method == b.method
    }
}
