/// What `jobs create` asks for, before any provider's spelling: a value per `JobField`, plus the
/// `--set` overrides passed through unchecked. Equality covers every field, since they are one map.
public struct JobSpec: Sendable, Equatable {
    /// A raw body field written by `--set PATH=VALUE`.
    public struct Override: Sendable, Equatable {
        public var path: String
        public var value: JSONValue
        public init(path: String, value: JSONValue) {
            self.path = path
            self.value = value
        }
    }

    public private(set) var values: [String: JSONValue] = [:]
    public var overrides: [Override] = []

    public init(model: String, trainingFile: String) {
        values[JobField.model.name] = .string(model)
        values[JobField.trainingFile.name] = .string(trainingFile)
    }

    public subscript(field: JobField) -> JSONValue? {
        get { values[field.name] }
        set { values[field.name] = newValue.flatMap { $0.isNull ? nil : $0 } }
    }

    public var model: String {
        get { self[.model]?.string ?? "" }
        set { self[.model] = .string(newValue) }
    }
    public var trainingFile: String {
        get { self[.trainingFile]?.string ?? "" }
        set { self[.trainingFile] = .string(newValue) }
    }
    public var validationFile: String? {
        get { self[.validationFile]?.string }
        set { self[.validationFile] = newValue.map { .string($0) } }
    }
    public var method: String { self[.method]?.string ?? "supervised" }

    /// The fields that are set, in the table's order.
    public var setFields: [(field: JobField, value: JSONValue)] {
        JobField.all.compactMap { f in values[f.name].map { (f, $0) } }
    }

    /// The hyperparameters that are set, by normalized name.
    public var hyperparameters: JSONObject {
        JSONObject(JobField.hyperparameters.compactMap { f in values[f.name].map { (f.name, $0) } })
    }
}
