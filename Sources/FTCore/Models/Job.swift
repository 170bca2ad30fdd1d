import Foundation

/// A fine-tuning job in the contract's normalized shape, whatever the provider.
public struct Job: Resource, Equatable {
    public static let kind = "job"

    public struct Progress: Sendable, Equatable {
        public var step: Int?
        public var totalSteps: Int?
        public var epoch: Double?
        public init(step: Int? = nil, totalSteps: Int? = nil, epoch: Double? = nil) {
            self.step = step
            self.totalSteps = totalSteps
            self.epoch = epoch
        }
        public var isEmpty: Bool { step == nil && totalSteps == nil && epoch == nil }
        /// 0…1 when the step counts are known.
        public var fraction: Double? {
            guard let step, let totalSteps, totalSteps > 0 else { return nil }
            return min(1, max(0, Double(step) / Double(totalSteps)))
        }
    }

    public struct Failure: Sendable, Equatable {
        public var code: String?
        public var message: String?
        public init(code: String? = nil, message: String? = nil) {
            self.code = code
            self.message = message
        }
    }

    public var id: String
    public var provider: String
    public var name: String?
    public var model: String?
    public var status: JobStatus
    public var createdAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var fineTunedModel: String?
    public var trainingFile: String?
    public var validationFile: String?
    /// Normalized names first (epochs, learning_rate, batch_size), then whatever else the provider set.
    public var hyperparameters: JSONObject
    public var trainedTokens: Int?
    public var progress: Progress?
    public var estimatedFinish: Date?
    public var error: Failure?
    public var metadata: JSONObject?
    /// What the provider says the job cost so far, in USD (Together's `total_price`, read from
    /// nano-dollars); nil where it says nothing.
    public var costUSD: Decimal?
    public var raw: JSONValue?

    public init(id: String, provider: String, status: JobStatus, name: String? = nil, model: String? = nil,
                createdAt: Date? = nil, startedAt: Date? = nil, finishedAt: Date? = nil,
                fineTunedModel: String? = nil, trainingFile: String? = nil, validationFile: String? = nil,
                hyperparameters: JSONObject = JSONObject(), trainedTokens: Int? = nil, progress: Progress? = nil,
                estimatedFinish: Date? = nil, error: Failure? = nil, metadata: JSONObject? = nil, costUSD: Decimal? = nil, raw: JSONValue? = nil) {
        self.id = id
        self.provider = provider
        self.status = status
        self.name = name
        self.model = model
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.fineTunedModel = fineTunedModel
        self.trainingFile = trainingFile
        self.validationFile = validationFile
        self.hyperparameters = hyperparameters
        self.trainedTokens = trainedTokens
        self.progress = progress
        self.estimatedFinish = estimatedFinish
        self.error = error
        self.metadata = metadata
        self.costUSD = costUSD
        self.raw = raw
    }

    public var json: JSONValue {
        var hp = JSONObject([("epochs", .null), ("learning_rate", .null), ("batch_size", .null)])
        for (k, v) in hyperparameters { hp[k] = v }
        let progressJSON: JSONValue = progress.map {
            .object(JSONObject([("step", JSONValue($0.step)), ("total_steps", JSONValue($0.totalSteps)), ("epoch", JSONValue($0.epoch))]))
        } ?? .null
        let errorJSON: JSONValue = error.map {
            .object(JSONObject([("code", JSONValue($0.code)), ("message", JSONValue($0.message))]))
        } ?? .null
        return .object(JSONObject([
            ("id", .string(id)),
            ("provider", .string(provider)),
            ("name", JSONValue(name)),
            ("model", JSONValue(model)),
            ("status", .string(status.rawValue)),
            ("created_at", JSONValue(createdAt)),
            ("started_at", JSONValue(startedAt)),
            ("finished_at", JSONValue(finishedAt)),
            ("fine_tuned_model", JSONValue(fineTunedModel)),
            ("training_file", JSONValue(trainingFile)),
            ("validation_file", JSONValue(validationFile)),
            ("hyperparameters", .object(hp)),
            ("trained_tokens", JSONValue(trainedTokens)),
            ("progress", progressJSON),
            ("estimated_finish", JSONValue(estimatedFinish)),
            ("error", errorJSON),
            ("metadata", metadata.map { .object($0) } ?? .null),
        ]))
    }
}
