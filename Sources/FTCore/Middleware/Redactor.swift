import Foundation

/// Removes secrets from anything ftctl prints: known secret header values, and every secret value
/// it was given wherever it appears (a body echo, an error message, a URL).
public struct Redactor: Sendable {
    public static let mask = "[REDACTED]"
    /// Portkey's: the headers its gateway reads credentials from (Portkey-AI/gateway
    /// src/handlers/handlerUtils.ts `constructConfigFromRequestHeaders`; a config can embed keys,
    /// src/middlewares/requestValidator/schema/config.ts), and the forward list, which names
    /// headers passed on raw.
    public static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-portkey-api-key",
        "x-portkey-virtual-key", "cookie", "set-cookie",
        "x-portkey-config", "x-portkey-aws-access-key-id", "x-portkey-aws-secret-access-key",
        "x-portkey-aws-session-token", "x-portkey-aws-role-arn", "x-portkey-aws-external-id",
        "x-portkey-vertex-service-account-json", "x-portkey-azure-ad-token", "x-portkey-azure-entra-client-secret",
        "x-portkey-oracle-private-key", "x-portkey-oracle-key-passphrase",
    ]

    /// Whether a header's value is a secret: a listed name, or one that `x-portkey-forward-headers`
    /// in the same set names (its value goes upstream raw, so it is a credential as often as not).
    public static func isSecretHeader(_ name: String, in headers: HTTPHeaders) -> Bool {
        let n = name.lowercased()
        if secretHeaderNames.contains(n) { return true }
        guard let forwarded = headers["x-portkey-forward-headers"] else { return false }
        return forwarded.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == n }
    }
    /// Body fields whose values are secrets wherever they appear (W&B keys, HF tokens).
    public static let secretFieldNames: Set<String> = [
        "api_key", "apiKey", "token", "hf_token", "password", "secret", "tracking_token", "trackingToken",
        "access_token", "accessToken", "auth_token", "client_secret",
    ]

    /// Whether a field of this name holds a secret: a listed name, or one ending in `_token`,
    /// `_secret`, `_password` or `api_key` in any case.
    public static func isSecretField(_ name: String) -> Bool {
        if secretFieldNames.contains(name) { return true }
        let n = name.lowercased()
        return ["_token", "_secret", "_password", "api_key", "apikey"].contains { n.hasSuffix($0) }
    }

    /// The values of secret-named string fields anywhere in `json`.
    public static func secretValues(in json: JSONValue) -> [String] {
        switch json {
        case .object(let o):
            return o.flatMap { k, v -> [String] in
                if isSecretField(k), case .string(let s) = v { return [s] }
                return secretValues(in: v)
            }
        case .array(let a): return a.flatMap(secretValues)
        default: return []
        }
    }

    public private(set) var secrets: [String]

    public init(secrets: [String] = []) {
        // Longest first, so a secret containing another is masked whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public mutating func add(_ secret: String?) {
        guard let secret, secret.count >= 4, !secrets.contains(secret) else { return }
        secrets.append(secret)
        secrets.sort { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        var out = text
        for s in secrets { out = out.replacingOccurrences(of: s, with: Self.mask) }
        return out
    }

    public func redact(headers: HTTPHeaders) -> HTTPHeaders {
        var out = HTTPHeaders()
        for (name, value) in headers {
            out.add(name, Self.isSecretHeader(name, in: headers) ? Self.mask : redact(value))
        }
        return out
    }

    /// A JSON body with secret-named fields masked, then any known secret masked.
    public func redact(json: JSONValue) -> JSONValue {
        switch json {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                if Self.isSecretField(k), case .string = v { out[k] = .string(Self.mask) }
                else { out[k] = redact(json: v) }
            }
            return .object(out)
        case .array(let a): return .array(a.map { redact(json: $0) })
        case .string(let s): return .string(redact(s))
        default: return json
        }
    }

    /// A body as ftctl shows it (`--verbose`, `--dry-run`): JSON with secret fields masked, other
    /// text with every known secret masked.
    public func show(_ data: Data, pretty: Bool = false) -> String {
        if let json = JSONValue.parse(data) { return redact(json: json).serialized(pretty: pretty) }
        return redact(String(decoding: data, as: UTF8.self))
    }

    /// A request body as shown; nil when there is none. File-backed bodies are not read.
    public func show(body: HTTPBody, pretty: Bool = false) -> String? {
        guard let data = body.inMemoryData else { return "[\(body.contentLength) bytes, streamed from disk]" }
        return data.isEmpty ? nil : show(data, pretty: pretty)
    }

    public func redact(error: FTError) -> FTError {
        var e = error
        e.what = redact(e.what)
        e.why = redact(e.why)
        e.hint = e.hint.map(redact)
        e.responseBody = e.responseBody.map(redact)
        e.cause = e.cause.map(redact)
        return e
    }
}
