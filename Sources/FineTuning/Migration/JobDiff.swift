import FTCore
import Foundation

/// `ftctl jobs diff A B` as a use case: two recorded jobs (any providers, live or exported) side
/// by side by the job-field table, plus what they trained on: the SHA-256 of each training and
/// validation file, so "the same data" is a fact, not a file name.
public struct JobDiff: Sendable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var a: JSONValue
        public var b: JSONValue
        public var differs: Bool { a != b }
    }

    public var rows: [Row]
    public var differences: [Row] { rows.filter(\.differs) }

    /// `digests`: file id → SHA-256 for each side's files, where known (nil: not known).
    public init(_ a: RecordedJob, _ b: RecordedJob, digestsA: [String: String] = [:], digestsB: [String: String] = [:]) {
        let sa = RecordedSettings(a), sb = RecordedSettings(b)
        var rows = [Row(name: "provider", a: .string(a.provider), b: .string(b.provider))]
        for field in JobField.all where field != .trainingFile && field != .validationFile {
            let va = sa.values[field] ?? Self.implicit(field), vb = sb.values[field] ?? Self.implicit(field)
            if va.isNull && vb.isNull { continue }
            rows.append(Row(name: field.name, a: va, b: vb))
        }
        for key in Set(sa.unmapped.keys).union(sb.unmapped.keys).sorted() {
            rows.append(Row(name: key, a: sa.unmapped[key] ?? .null, b: sb.unmapped[key] ?? .null))
        }
        for (name, idA, idB) in [("training_file", a.trainingFile, b.trainingFile), ("validation_file", a.validationFile, b.validationFile)] {
            if idA == nil && idB == nil { continue }
            let da = idA.flatMap { digestsA[$0] }, db = idB.flatMap { digestsB[$0] }
            rows.append(Row(name: name + ".sha256", a: Self.digest(idA, da), b: Self.digest(idB, db)))
        }
        self.rows = rows
    }

    /// A setting left out is the provider's default; the method's default is supervised.
    static func implicit(_ field: JobField) -> JSONValue {
        field == .method ? .string("supervised") : .null
    }

    /// The digest; unknown, the file's id, so the same id reads the same and two others differ.
    static func digest(_ id: String?, _ sha: String?) -> JSONValue {
        guard let id else { return .null }
        return .string(sha ?? "unknown (file \(id))")
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("same", .bool(differences.isEmpty)),
            ("fields", .array(rows.map { .object(JSONObject([("name", .string($0.name)), ("a", $0.a), ("b", $0.b), ("differs", .bool($0.differs))])) })),
        ]))
    }
}
