/// A provider setting declared once: its profile key (which also names the flag), its environment
/// variable and its help. Settings resolution, `config set`, the flags, their help and every hint
/// that tells the user how to set one read this table. Headers a setting is sent as are in the
/// provider's declaration (`routingHeaders`, `fileHeaders`), next to the provider they belong to.
public struct ProviderSetting: Sendable {
    public let key: ProfileKey
    public let environment: String
    public let help: String
    public let valueName: String

    /// `--portkey-provider` for `portkey_provider`.
    public var flag: String { "--" + flagName }
    public var flagName: String { key.rawValue.replacingOccurrences(of: "_", with: "-") }

    /// For hints: "pass --upstream VALUE, set PORTKEY_UPSTREAM, or `ftctl config set upstream VALUE`".
    public func howToSet(_ value: String = "VALUE") -> String {
        "pass \(flag) \(value), set \(environment), or `ftctl config set \(key.rawValue) \(value)`"
    }

    public static let portkeyProvider = ProviderSetting(
        key: .portkeyProvider, environment: "PORTKEY_PROVIDER",
        help: "Portkey: sent as x-portkey-provider (a plain name such as bedrock also sets the upstream).", valueName: "slug")
    public static let portkeyVirtualKey = ProviderSetting(
        key: .portkeyVirtualKey, environment: "PORTKEY_VIRTUAL_KEY", help: "Portkey: sent as x-portkey-virtual-key.", valueName: "key")
    public static let portkeyConfig = ProviderSetting(
        key: .portkeyConfig, environment: "PORTKEY_CONFIG", help: "Portkey: sent as x-portkey-config.", valueName: "id")
    public static let upstream = ProviderSetting(
        key: .upstream, environment: "PORTKEY_UPSTREAM",
        help: "Portkey: what the route reaches (\(Upstream.named.map(\.name).joined(separator: ", "))); decides which operations are safe. Unset with an @slug, virtual key or config: only those safe on every upstream.",
        valueName: "name")
    public static let tfyProviderName = ProviderSetting(
        key: .tfyProviderName, environment: "TFY_PROVIDER_NAME", help: "TrueFoundry: sent as x-tfy-provider-name (files need it).", valueName: "name")
    public static let tfyMetadata = ProviderSetting(
        key: .tfyMetadata, environment: "TFY_METADATA", help: "TrueFoundry: sent as x-tfy-metadata (a JSON object).", valueName: "json")

    public static let aiProjectID = ProviderSetting(
        key: .aiProjectID, environment: "NEBIUS_AI_PROJECT_ID",
        help: "Nebius: the project jobs are created in and listed from (query ai_project_id).", valueName: "id")

    public static let all: [ProviderSetting] = [.portkeyProvider, .portkeyVirtualKey, .portkeyConfig, .upstream, .tfyProviderName, .tfyMetadata,
                                                .aiProjectID]

    public static func forKey(_ key: ProfileKey) -> ProviderSetting? { all.first { $0.key == key } }
}
