import Crypto
import FTCore
import Foundation

/// The request id a create carries: a digest of everything the request says (provider, address,
/// every field, local files by their SHA-256 rather than their future ids). The same command run
/// twice gives the same id, so `--dry-run` shows what the real run sends; the look-up after a lost
/// answer also requires the job to be made since the attempt began, so an older identical job is
/// never taken for the new one.
enum RequestKey {
    static func make(provider: ProviderID, baseURL: String, spec: JobSpec, fileDigests: [JobField: String]) -> String {
        var fields = spec.values
        for (field, digest) in fileDigests { fields[field.name] = .string("sha256:" + digest) }
        let canonical = JSONValue.object(JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, Self.sorted($0.value)) }))
        var text = "\(provider.rawValue)\n\(baseURL)\n\(canonical.serialized())\n"
        for o in spec.overrides { text += "\(o.path)=\(Self.sorted(o.value).serialized())\n" }
        let digest = SHA256.hash(data: Data(text.utf8))
        return "ftctl-" + String(StreamingDigest.hex(digest).prefix(32))
    }

    /// Objects with their keys in order, so the digest does not depend on how a value was built.
    private static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o): return .object(JSONObject(o.sorted { $0.key < $1.key }.map { ($0.key, sorted($0.value)) }))
        case .array(let a): return .array(a.map(sorted))
        default: return value
        }
    }
}
