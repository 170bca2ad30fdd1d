/// The keys a profile may hold, with how each value is checked. `headers.NAME` sets one extra header.
public enum ProfileKey: String, CaseIterable, Sendable {
    case provider
    case baseURL = "base_url"
    case apiKeyEnv = "api_key_env"
    case apiKeyFile = "api_key_file"
    case apiKey = "api_key"
    case output
    case timeout
    case connectTimeout = "connect_timeout"
    case maxRetries = "max_retries"
    case caBundle = "ca_bundle"
    case portkeyProvider = "portkey_provider"
    case portkeyVirtualKey = "portkey_virtual_key"
    case portkeyConfig = "portkey_config"
    /// Portkey: what the route reaches (`Upstream`), when `portkey_provider` does not say.
    case upstream
    case tfyProviderName = "tfy_provider_name"
    case tfyMetadata = "tfy_metadata"

    public static let outputFormats = ["table", "wide", "json", "yaml", "name", "csv"]

    public var isSecret: Bool { self == .apiKey || self == .portkeyVirtualKey }

    /// Why `value` is not acceptable for this key, or nil when it is.
    public func problem(with value: String) -> String? {
        switch self {
        case .provider:
            return ProviderID.parse(value) == nil
                ? "unknown provider '\(value)' (one of: \(ProviderID.allCases.map(\.rawValue).joined(separator: ", ")), strongly)" : nil
        case .baseURL:
            return value.hasPrefix("http://") || value.hasPrefix("https://") ? nil : "base_url must start with http:// or https://"
        case .output:
            return Self.outputFormats.contains(value) ? nil : "output must be one of \(Self.outputFormats.joined(separator: ", "))"
        case .timeout, .connectTimeout:
            return DurationText.seconds(value) == nil ? "\(rawValue) must be a duration like 90s, 15m, 2h" : nil
        case .maxRetries:
            return Int(value).map { $0 >= 0 && $0 <= 20 } == true ? nil : "max_retries must be a whole number from 0 to 20"
        case .upstream:
            return Upstream.named(value) == nil ? "upstream must be one of \(Upstream.named.map(\.name).joined(separator: ", "))" : nil
        case .tfyMetadata:
            return JSONValue.parse(Data(value.utf8))?.object == nil ? "tfy_metadata must be a JSON object" : nil
        default:
            return value.isEmpty ? "\(rawValue) must not be empty" : nil
        }
    }
}

import Foundation
