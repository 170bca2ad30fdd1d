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

    public static func == (a: JobSpec, b: JobSpec) -> Bool {
        a.model == b.model && a.trainingFile == b.trainingFile && a.validationFile == b.validationFile
            && a.epochs == b.epochs && a.learningRate == b.learningRate && a.batchSize == b.batchSize
            && a.suffix == b.suffix && a.seed == b.seed && a.metadata == b.metadata && a.method == b.method
    }
}
