import FTCore
import Foundation

/// A job spec from a spec file (`-f`) and flags, flags winning; repeatable fields (tags, metadata,
/// integrations) take both. Every value is read and checked by its `JobField`, so a bad one fails
/// here, naming the flag or the file and key, before anything is uploaded or sent.
public struct JobSpecBuilder: Sendable {
    /// Where integration keys and HF_TOKEN come from.
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// `flags`: each field's texts as given on the command line, in order. `sets`: `--set PATH=VALUE`.
    public func build(specFile: String? = nil, flags: [(field: JobField, texts: [String])] = [],
                      sets: [String] = []) throws -> JobSpec {
        try buildWithRules(specFile: specFile, flags: flags, sets: sets).spec
    }

    /// The spec, and the watching rules the spec file names (`warn_if:`, `cancel_if:`, a rule or a
    /// list of them), which are not sent but watched once the job runs.
    public func buildWithRules(specFile: String? = nil, flags: [(field: JobField, texts: [String])] = [],
                               sets: [String] = []) throws -> (spec: JobSpec, rules: [ArmedRule]) {
        var values: [JobField: JSONValue] = [:]
        var overrides: [JobSpec.Override] = []
        var rules: [ArmedRule] = []
        if let specFile {
            let object = try JobSpecFile.load(specFile)
            for (key, raw) in object {
                if key == "set" {
                    for (path, v) in raw.object ?? JSONObject() { overrides.append(.init(path: path, value: v)) }
                    continue
                }
                if let action = Self.ruleKeys[key] {
                    rules += try Self.rules(raw, action: action, source: "\(specFile): \(key)")
                    continue
                }
                guard let field = JobField.named(key) else {
                    throw FTError(.invalidData, what: "\(specFile): \(key)", why: "not a job field",
                                  hint: "Use the flags' names (\(JobField.all.prefix(6).map(\.name).joined(separator: ", ")), ...); put raw body fields under `set:`.")
                }
                if raw.isNull { continue }
                values[field] = try field.read(raw, source: "\(specFile): \(key)", environment: environment)
            }
        }
        for (field, merged) in try given(flags) {
            if field.isRepeatable {
                let combined = values[field].map { JobField.merge($0, merged) } ?? merged
                try field.check(combined)
                values[field] = combined
            } else {
                values[field] = merged
            }
        }
        for text in sets { overrides.append(try Self.override(text)) }
        guard let model = values[.model]?.string, !model.isEmpty else {
            throw FTError(.usage, what: "jobs create", why: "no model", hint: "Pass --model, or `model:` in the spec file.")
        }
        guard let training = values[.trainingFile]?.string, !training.isEmpty else {
            throw FTError(.usage, what: "jobs create", why: "no training file",
                          hint: "Pass --training-file ID|PATH, or `training_file:` in the spec file.")
        }
        var spec = JobSpec(model: model, trainingFile: training)
        for (field, value) in values { spec[field] = value }
        spec.overrides = overrides
        return (spec, rules)
    }

    /// Each flag's value, read and checked by its field; a repeated flag's values merged.
    public func given(_ flags: [(field: JobField, texts: [String])]) throws -> [(field: JobField, value: JSONValue)] {
        try flags.compactMap { field, texts in
            var merged: JSONValue?
            for text in texts {
                let v = try field.parse(text, environment: environment)
                merged = merged.map { JobField.merge($0, v) } ?? v
            }
            return merged.map { (field, $0) }
        }
    }

    static let ruleKeys: [String: RuleAction] = ["warn_if": .warn, "warn-if": .warn, "cancel_if": .cancel, "cancel-if": .cancel]

    static func rules(_ raw: JSONValue, action: RuleAction, source: String) throws -> [ArmedRule] {
        let texts: [JSONValue] = raw.array ?? [raw]
        return try texts.map { v in
            guard let text = v.string else {
                throw FTError(.invalidData, what: source, why: "a rule is text such as loss:nan", hint: "Rules: \(WatchRule.forms.joined(separator: ", ")).")
            }
            do {
                return ArmedRule(try WatchRule(parsing: text), action)
            } catch var e as FTError {
                e.code = .invalidData
                e.what = source
                throw e
            }
        }
    }

    /// `--set PATH=VALUE`: the value is JSON when it reads as JSON, else a string.
    public static func override(_ text: String) throws -> JobSpec.Override {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw FTError(.usage, what: "--set", why: "'\(text.prefix(60))' is not PATH=VALUE",
                          hint: "Write e.g. --set method.supervised.hyperparameters.n_epochs=3.")
        }
        let path = String(text[..<eq])
        guard !path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw FTError(.usage, what: "--set", why: "'\(path.prefix(60))' has an empty part", hint: "Write paths as a.b.c.")
        }
        let raw = String(text[text.index(after: eq)...])
        return JobSpec.Override(path: path, value: JSONValue.parse(Data(raw.utf8)) ?? .string(raw))
    }
}

/// A `-f` job spec: a YAML or JSON mapping whose keys are the fields' names.
public enum JobSpecFile {
    /// Spec files are small; a bigger one is a mistake (a dataset passed by accident).
    public static let maxBytes = 1 << 20

    public static func load(_ path: String) throws -> JSONObject {
        try MappingFile.load(path, maxBytes: maxBytes, what: "a job spec",
                             hint: "Check the -f path (a dataset by accident?); a spec maps field names to values, see `ftctl jobs create --help`.")
    }
}
