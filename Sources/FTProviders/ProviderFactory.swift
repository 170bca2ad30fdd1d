import FTCore

/// Makes the adapter the settings name: the platform schema has its own adapter, every other
/// dialect speaks OpenAI's wire.
public enum ProviderFactory {
    public static func make(_ settings: Settings) throws -> any FineTuningProvider {
        try make(dialect: settings.provider.dialect, baseURL: try settings.requireBaseURL(), options: settings.providerOptions)
    }

    public static func make(dialect: Dialect, baseURL: String, options: [ProfileKey: String] = [:]) throws -> any FineTuningProvider {
        if !dialect.routingRequired.isEmpty, !dialect.routingRequired.contains(where: { options[$0] != nil }) {
            let flags = dialect.routingRequired.map { "--" + $0.rawValue.replacingOccurrences(of: "_", with: "-") }
            throw FTError(.config, what: "\(dialect.id)", why: "nothing to route to",
                          hint: "Pass \(flags.joined(separator: " or ")), or `ftctl config set \(dialect.routingRequired.first?.rawValue ?? "") VALUE`.")
        }
        if dialect.schema == .platform { return GenericV1Provider(dialect: dialect, baseURL: baseURL) }
        return OpenAIStyleProvider(dialect: dialect, baseURL: baseURL, settings: options)
    }
}
