import FTCore

/// Makes the adapter the settings name: the platform and Together schemas have adapters of their
/// own, every other declaration speaks OpenAI's wire.
public enum ProviderFactory {
    public static func make(_ settings: Settings) throws -> any FineTuningProvider {
        try make(declaration: settings.provider.declaration, baseURL: try settings.requireBaseURL(), options: settings.providerOptions)
    }

    public static func make(declaration: ProviderDeclaration, baseURL: String, options: [ProfileKey: String] = [:]) throws -> any FineTuningProvider {
        if !declaration.routingRequired.isEmpty, !declaration.routingRequired.contains(where: { options[$0] != nil }) {
            let flags = declaration.routingRequired.map { "--" + $0.rawValue.replacingOccurrences(of: "_", with: "-") }
            throw FTError(.config, what: "\(declaration.id)", why: "nothing to route to",
                          hint: "Pass \(flags.joined(separator: " or ")), or `ftctl config set \(declaration.routingRequired.first?.rawValue ?? "") VALUE`.")
        }
        let declaration = declaration.resolvingUpstream(options)
        if let u = declaration.upstream, let key = u.requiredSettings.first(where: { options[$0] == nil }), let setting = ProviderSetting.forKey(key) {
            throw FTError(.config, what: "\(declaration.id) to \(u.name)", why: "no \(key.rawValue)",
                          hint: "\(setting.howToSet().prefix(1).uppercased())\(setting.howToSet().dropFirst()).")
        }
        if declaration.schema == .platform { return GenericV1Provider(declaration: declaration, baseURL: baseURL) }
        if declaration.schema == .together { return TogetherProvider(declaration: declaration, baseURL: baseURL) }
        return OpenAIStyleProvider(declaration: declaration, baseURL: baseURL, settings: options)
    }
}
