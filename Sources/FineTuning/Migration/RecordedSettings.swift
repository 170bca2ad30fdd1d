import FTCore
import Foundation

/// The settings a recorded job was created with, read back into the job-field table: the
/// normalized hyperparameters, the training method and the fields the provider echoes (suffix,
/// seed, metadata, name). What the record holds that no field takes is kept by name, so a clone
/// can say it was not carried. ftctl's own recovery markers are left out: they belong to that one
/// create.
public struct RecordedSettings: Sendable, Equatable {
    public var values: [JobField: JSONValue] = [:]
    /// Recorded settings with no job field (a provider's own knob), by the provider's name.
    public var unmapped: [String: JSONValue] = [:]

    public init(_ job: RecordedJob) {
        let n = job.normalized
        let raw = job.raw
        if let m = job.model { values[.model] = .string(m) }
        if let f = job.trainingFile { values[.trainingFile] = .string(f) }
        if let f = job.validationFile { values[.validationFile] = .string(f) }
        values[.method] = .string(Self.method(raw))
        for (key, value) in n["hyperparameters"]?.object ?? JSONObject() where !value.isNull {
            if let field = JobField.named(key), JobField.hyperparameters.contains(field) {
                values[field] = value
            } else if JobField.named(key) == .method {
                continue
            } else {
                unmapped[key] = value
            }
        }
        // A name where the source takes one; elsewhere it is the provider's own label.
        let schema = ProviderID.parse(job.provider)?.declaration.schema
        if let name = n["name"]?.string, !name.isEmpty, let schema, !JobField.name.paths(schema).isEmpty { values[.name] = .string(name) }
        for field in [JobField.suffix, .seed, .description] {
            if let v = raw?[field.name], !v.isNull, v.string != "" { values[field] = v }
        }
        if let d = values[.description]?.string, d.contains(CreateMarker.descriptionLabel) {
            // The platform's marker is appended to the user's own text.
            let kept = d.components(separatedBy: " ").filter { !$0.hasPrefix(CreateMarker.descriptionLabel) }.joined(separator: " ")
            values[.description] = kept.isEmpty ? nil : .string(kept)
        }
        var metadata = n["metadata"]?.object ?? JSONObject()
        metadata[JobCreator.metadataKey] = nil
        if !metadata.isEmpty { values[.metadata] = .object(metadata) }
        if let integrations = raw?["integrations"]?.array, !integrations.isEmpty { unmapped["integrations"] = .array(integrations) }
    }

    /// The training method in the contract's words: OpenAI-style `method.type`, Together's
    /// `training_method.method` (sft, dpo), else supervised.
    static func method(_ raw: JSONValue?) -> String {
        if let t = raw?["method"]?["type"]?.string { return t }
        switch raw?["training_method"]?["method"]?.string?.lowercased() {
        case "dpo": return "dpo"
        default: return "supervised"
        }
    }
}
