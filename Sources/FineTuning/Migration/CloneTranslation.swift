import FTCore
import Foundation

/// A recorded job's settings in the target provider's terms, by the job-field table: what carries
/// over as it is, what is mapped (a learning-rate multiplier to an absolute rate, with the
/// arithmetic), and what is dropped, each with the reason. The files and the model are the
/// clone's to decide, so they are left out here.
public struct CloneTranslation: Sendable, Equatable {
    public struct Dropped: Sendable, Equatable {
        public var name: String
        public var value: JSONValue
        public var why: String
    }

    public var values: [JobField: JSONValue] = [:]
    /// Fields carried over unchanged, by name, in the table's order.
    public var carried: [String] = []
    /// One sentence per mapped field: from what, to what, and how.
    public var mapped: [String] = []
    public var dropped: [Dropped] = []

    public init(_ settings: RecordedSettings, from source: String, to target: ProviderDeclaration) {
        let own: Set<JobField> = [.model, .trainingFile, .validationFile]
        for field in JobField.all where !own.contains(field) {
            guard let value = settings.values[field] else { continue }
            if field == .method {
                // A method the target lacks is refused by its rules before any upload, naming it.
                values[field] = value
                if value.string != "supervised" { carried.append(field.name) }
                continue
            }
            if value.string == "auto" {
                if field.auto.contains(target.schema) {
                    values[field] = value
                    carried.append(field.name)
                } else {
                    drop(field.name, value, "\"auto\" on the source; \(target.id) takes no \"auto\", so its default applies")
                }
                continue
            }
            if let u = target.upstream, u.dropped.contains(field.name) {
                drop(field.name, value, "\(target.id) to \(u.name) drops it on the way upstream")
                continue
            }
            if field.paths(target.schema, upstream: target.upstream?.name).isEmpty {
                if let m = LearningRateMapping.map(field, value, from: source, to: target), settings.values[m.field] == nil {
                    values[m.field] = m.value
                    mapped.append(m.how)
                } else {
                    drop(field.name, value, "\(target.id) has no field for it")
                }
                continue
            }
            if let methods = field.methods, let method = settings.values[.method]?.string, !methods.contains(method) {
                drop(field.name, value, "it belongs to --method \(methods.sorted().joined(separator: " or ")), not \(method)")
                continue
            }
            values[field] = value
            carried.append(field.name)
        }
        for (name, value) in settings.unmapped.sorted(by: { $0.key < $1.key }) {
            let why = name == "integrations"
                ? "its credentials are not recorded; pass --integration again (keys come from the environment)"
                : "\(source)'s own setting, with no field in ftctl's table"
            drop(name, value, why)
        }
    }

    /// The user's own values win: a field given on the command line is not reported as dropped.
    mutating func override(_ given: [JobField: JSONValue]) {
        for (field, value) in given {
            values[field] = value
            carried.removeAll { $0 == field.name }
            dropped.removeAll { $0.name == field.name }
            // A rate given either way replaces the mapped one.
            if field == .learningRate || field == .learningRateMultiplier {
                values[field == .learningRate ? .learningRateMultiplier : .learningRate] = nil
                mapped.removeAll { $0.hasPrefix("learning_rate") }
            }
        }
    }

    private mutating func drop(_ name: String, _ value: JSONValue, _ why: String) {
        dropped.append(Dropped(name: name, value: value, why: why))
    }
}
