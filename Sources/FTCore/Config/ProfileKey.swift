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
    /// USD a month: `jobs create` refuses a job whose estimate would take the month's ledger spend above it.
    case monthlyBudget = "monthly_budget"
    /// Nebius: the project a job is created in and listed from (query `ai_project_id`).
    case aiProjectID = "ai_project_id"
    /// Portkey to Bedrock: the IAM role Bedrock assumes for a job (the create body's `role_arn`).
    case bedrockRoleARN = "bedrock_role_arn"
    /// Portkey to Fireworks: the account every call is made in (x-portkey-fireworks-account-id).
    case fireworksAccountID = "fireworks_account_id"

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
        case .monthlyBudget:
            return Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")).map { !$0.isNaN && $0 >= 0 } == true
                && value.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : "monthly_budget must be a non-negative amount in USD, like 200 or 49.50"
        case .upstream:
            return Upstream.named(value) == nil ? "upstream must be one of \(Upstream.named.map(\.name).joined(separator: ", "))" : nil
        case .tfyMetadata:
            // "a JSON object where both keys and values must be strings, with a maximum value length of
            // 128 characters" (https://www.truefoundry.com/docs/ai-gateway/request-headers.md).
            guard let o = JSONValue.parse(Data(value.utf8))?.object else { return "tfy_metadata must be a JSON object" }
            for (k, v) in o {
                guard case .string(let s) = v else { return "tfy_metadata values must be strings ('\(k.prefix(40))' is not)" }
                if s.count > 128 { return "tfy_metadata values are at most 128 characters ('\(k.prefix(40))' has \(s.count))" }
            }
            return nil
        case .bedrockRoleARN:
            // roleArn's pattern: arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+ (API_CreateModelCustomizationJob).
            return value.hasPrefix("arn:aws") && value.contains(":iam::") && value.contains(":role/")
                ? nil : "bedrock_role_arn must be an IAM role ARN, like arn:aws:iam::123456789012:role/my-role"
        default:
            return value.isEmpty ? "\(rawValue) must not be empty" : nil
        }
    }
}

import Foundation
