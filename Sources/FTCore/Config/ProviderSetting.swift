/// A provider setting declared once: its profile key (which also names the flag), its environment
/// variable and its help. Settings resolution, `config set`, the flags, their help and every hint
/// that tells the user how to set one read this table. Headers a setting is sent as are in the
/// provider's declaration (`routingHeaders`, `fileHeaders`), next to the provider they belong to.
public struct ProviderSetting: Sendable {
    public let key: ProfileKey
    public let environment: String
    public let valueName: String
    public let help: String
    /// `portkey-provider` for `portkey_provider`. Made once: the parser builds the global options
    /// several times a run, and the name each time was 0.5 million instructions (Docs/BENCH.md).
    public let flagName: String

    init(_ key: ProfileKey, _ environment: String, _ valueName: String, _ help: String) {
        self.key = key
        self.environment = environment
        self.valueName = valueName
        self.help = help
        // Plain Swift, not Foundation's `replacingOccurrences` (an NSString round trip).
        flagName = String(key.rawValue.map { $0 == "_" ? "-" : $0 })
    }

    /// `--portkey-provider` for `portkey_provider`.
    public var flag: String { "--" + flagName }

    /// For hints: "pass --upstream VALUE, set PORTKEY_UPSTREAM, or `ftctl config set upstream VALUE`".
    public func howToSet(_ value: String = "VALUE") -> String {
        "pass \(flag) \(value), set \(environment), or `ftctl config set \(key.rawValue) \(value)`"
    }

    public static let portkeyProvider = Self(.portkeyProvider, "PORTKEY_PROVIDER", "slug",
                                             "Portkey: sent as x-portkey-provider (a plain name such as bedrock also sets the upstream).")
    public static let portkeyVirtualKey = Self(.portkeyVirtualKey, "PORTKEY_VIRTUAL_KEY", "key", "Portkey: sent as x-portkey-virtual-key.")
    public static let portkeyConfig = Self(.portkeyConfig, "PORTKEY_CONFIG", "id", "Portkey: sent as x-portkey-config.")
    public static let upstream = Self(.upstream, "PORTKEY_UPSTREAM", "name",
                                      "Portkey: what the route reaches (\(Upstream.named.map(\.name).joined(separator: ", "))); decides which operations are safe. Unset with an @slug, virtual key or config: only those safe on every upstream.")
    public static let bedrockRoleARN = Self(.bedrockRoleARN, "PORTKEY_BEDROCK_ROLE_ARN", "arn",
                                            "Portkey to bedrock: the IAM role Bedrock assumes for a job (the create's role_arn; required there).")
    public static let fireworksAccountID = Self(.fireworksAccountID, "PORTKEY_FIREWORKS_ACCOUNT_ID", "id",
                                                "Portkey to fireworks-ai: the account, sent as x-portkey-fireworks-account-id (required there).")
    public static let tfyProviderName = Self(.tfyProviderName, "TFY_PROVIDER_NAME", "name", "TrueFoundry: sent as x-tfy-provider-name (files need it).")
    public static let tfyMetadata = Self(.tfyMetadata, "TFY_METADATA", "json", "TrueFoundry: sent as x-tfy-metadata (a JSON object).")
    public static let aiProjectID = Self(.aiProjectID, "NEBIUS_AI_PROJECT_ID", "id",
                                         "Nebius: the project jobs are created in and listed from (query ai_project_id).")

    public static let all: [ProviderSetting] = [.portkeyProvider, .portkeyVirtualKey, .portkeyConfig, .upstream, .bedrockRoleARN,
                                                .fireworksAccountID, .tfyProviderName, .tfyMetadata, .aiProjectID]

    public static func forKey(_ key: ProfileKey) -> ProviderSetting? { all.first { $0.key == key } }
}
