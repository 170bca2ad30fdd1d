import FTCore
import Foundation

/// Where a create carries its request id so that, after a lost reply, the job can be found by what
/// the provider really returns. Read from the declaration (and the route's upstream), never from
/// the provider's name.
enum CreateMarker: Equatable {
    /// `metadata.ftctl_request_id`, echoed by the list (OpenAI, TrueFoundry, Portkey to Azure).
    case metadata
    /// In the free-text `description`: the platform's list items carry it and its `search` finds
    /// it (seed 002, GET /api/v1/fine-tuning/jobs: items have description, no dataset field).
    case description
    /// A `seed` derived from the request id when the user gave none: Portkey keeps `seed` for
    /// OpenAI (src/providers/openai/createFinetune.ts) and OpenAI echoes it on the job.
    case seed
    /// A create field echoed under the same key (Bedrock's `job_name`,
    /// src/providers/bedrock/createFinetune.ts in, src/providers/bedrock/utils.ts out).
    case field(String)
    /// Nothing the upstream keeps: the job is one that was not listed before the create, with the
    /// same model and training file, and only when exactly one such job is there.
    case newSince
    /// The provider returns whole jobs: model, training file, name and suffix since the start.
    case fields

    static func of(_ d: ProviderDeclaration) -> CreateMarker {
        if let u = d.upstream {
            switch u.marker {
            case .metadata: return .metadata
            case .seed: return .seed
            case .field(let name): return .field(name)
            case .none: return .newSince
            }
        }
        if !JobField.metadata.paths(d.schema).isEmpty { return .metadata }
        if !JobField.description.paths(d.schema).isEmpty, d.listFilters.contains(.search) { return .description }
        return .fields
    }

    /// The seed a request id stands for: FNV-1a of it, in 1...2147483646 (inside every range
    /// OpenAI has documented for `seed`).
    static func seed(for requestID: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in requestID.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int64(h % 2_147_483_646) + 1
    }

    static let descriptionLabel = "ftctl_request_id="

    /// The spec carrying `requestID`, or nil when this marker has no room in it (the user's own
    /// seed, 16 metadata pairs, a description at its limit).
    func tag(_ spec: JobSpec, requestID: String) -> JobSpec? {
        var out = spec
        switch self {
        case .metadata:
            var meta = spec[.metadata]?.object ?? JSONObject()
            guard meta.entries.count < 16 else { return nil }
            meta[JobCreator.metadataKey] = .string(requestID)
            out[.metadata] = .object(meta)
        case .description:
            let given = spec[.description]?.string ?? ""
            let text = given.isEmpty ? Self.descriptionLabel + requestID : given + " [\(Self.descriptionLabel)\(requestID)]"
            guard text.count <= 4096 else { return nil }
            out[.description] = .string(text)
        case .seed:
            guard spec[.seed] == nil else { return nil }
            out[.seed] = .int(Self.seed(for: requestID))
        case .field(let name):
            guard !spec.overrides.contains(where: { $0.path == name }) else { return nil }
            out.overrides.append(.init(path: name, value: .string(requestID)))
        case .newSince, .fields:
            return nil
        }
        return out
    }

    /// Whether `tag` put the marker in `spec` (true for the kinds that put none).
    func isIn(_ spec: JobSpec, requestID: String) -> Bool {
        switch self {
        case .metadata: return spec[.metadata]?[JobCreator.metadataKey]?.string == requestID
        case .description: return spec[.description]?.string?.contains(requestID) == true
        case .seed: return spec[.seed]?.int == Int(Self.seed(for: requestID))
        case .field(let name): return spec.overrides.contains { $0.path == name && $0.value == .string(requestID) }
        case .newSince, .fields: return true
        }
    }

    /// Whether `job` carries `requestID` as this marker put it there.
    func carries(_ job: Job, requestID: String) -> Bool {
        switch self {
        case .metadata: return job.metadata?[JobCreator.metadataKey]?.string == requestID
        case .description: return job.raw?["description"]?.string?.contains(requestID) == true
        case .seed: return job.raw?["seed"]?.int == Int(Self.seed(for: requestID))
        case .field(let name): return job.raw?[name]?.string == requestID
        case .newSince, .fields: return false
        }
    }

    /// The list query that finds a tagged job: the server's own filter where it has one.
    func query(_ d: ProviderDeclaration, requestID: String) -> JobQuery {
        var q = JobQuery(limit: d.maxPageSize)
        switch self {
        case .metadata where d.listFilters.contains(.metadata): q.metadata = [(JobCreator.metadataKey, requestID)]
        case .description: q.search = requestID; q.sort = "createdAt:desc"
        default: break
        }
        return q
    }

    /// What a user should look for when the outcome is unknown.
    func clue(_ spec: JobSpec, requestID: String, since: Date) -> String {
        switch self {
        case .metadata: return "metadata \(JobCreator.metadataKey)=\(requestID)"
        case .description: return "\(requestID) in its description"
        case .seed: return "seed \(Self.seed(for: requestID))"
        case .field(let name): return "\(name) \(requestID)"
        case .newSince, .fields:
            return "model \(spec.model) and training file \(spec.trainingFile), created after \(RFC3339.format(since))"
        }
    }
}
