import Foundation

/// An uploaded file as the provider reports it.
public struct FileObject: Resource, Equatable {
    public static let kind = "file"
    public var id: String
    public var provider: String
    public var filename: String?
    public var bytes: Int64?
    public var purpose: String?
    public var status: String?
    public var createdAt: Date?
    public var raw: JSONValue?

    public init(id: String, provider: String, filename: String? = nil, bytes: Int64? = nil, purpose: String? = nil,
                status: String? = nil, createdAt: Date? = nil, raw: JSONValue? = nil) {
        self.id = id
        self.provider = provider
        self.filename = filename
        self.bytes = bytes
        self.purpose = purpose
        self.status = status
        self.createdAt = createdAt
        self.raw = raw
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("id", .string(id)), ("provider", .string(provider)), ("filename", JSONValue(filename)),
            ("bytes", bytes.map { .int($0) } ?? .null), ("purpose", JSONValue(purpose)),
            ("status", JSONValue(status)), ("created_at", JSONValue(createdAt)),
        ]))
    }
}

/// A line of a job's event stream or log: `{time, level, message, step?, metrics?}`.
public struct JobEvent: Resource, Equatable {
    public static let kind = "event"
    public var id: String
    public var time: Date?
    public var level: String
    public var message: String
    public var step: Int?
    public var metrics: JSONObject?
    public var raw: JSONValue?

    public init(id: String, time: Date?, level: String, message: String, step: Int? = nil,
                metrics: JSONObject? = nil, raw: JSONValue? = nil) {
        self.id = id
        self.time = time
        self.level = level
        self.message = message
        self.step = step
        self.metrics = metrics
        self.raw = raw
    }

    public var json: JSONValue {
        var o = JSONObject([("time", JSONValue(time)), ("level", .string(level)), ("message", .string(message))])
        if let step { o["step"] = .int(Int64(step)) }
        if let metrics { o["metrics"] = .object(metrics) }
        return .object(o)
    }
}

/// A saved checkpoint of a job, with the metrics at its step.
public struct Checkpoint: Resource, Equatable {
    public static let kind = "checkpoint"
    public var id: String
    public var jobID: String?
    public var step: Int?
    public var createdAt: Date?
    public var fineTunedModelCheckpoint: String?
    public var metrics: JSONObject
    /// Nebius's list items carry the checkpoint's files (`result_files`); OpenAI's have none.
    public var resultFiles: [String]
    public var raw: JSONValue?

    public init(id: String, jobID: String? = nil, step: Int? = nil, createdAt: Date? = nil,
                fineTunedModelCheckpoint: String? = nil, metrics: JSONObject = JSONObject(), resultFiles: [String] = [],
                raw: JSONValue? = nil) {
        self.id = id
        self.resultFiles = resultFiles
        self.jobID = jobID
        self.step = step
        self.createdAt = createdAt
        self.fineTunedModelCheckpoint = fineTunedModelCheckpoint
        self.metrics = metrics
        self.raw = raw
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("id", .string(id)), ("job_id", JSONValue(jobID)), ("step", JSONValue(step)),
            ("created_at", JSONValue(createdAt)), ("fine_tuned_model_checkpoint", JSONValue(fineTunedModelCheckpoint)),
            ("metrics", .object(metrics)),
        ] + (resultFiles.isEmpty ? [] : [("result_files", .array(resultFiles.map { .string($0) }))])))
    }
}

/// A generic record for the smaller listings (base models, hardware, stats): its JSON is its shape.
public struct Record: Resource, Equatable {
    public var id: String
    public var json: JSONValue
    public var raw: JSONValue?
    public static let kind = "record"
    public init(id: String, json: JSONValue, raw: JSONValue? = nil) {
        self.id = id
        self.json = json
        self.raw = raw
    }
}
