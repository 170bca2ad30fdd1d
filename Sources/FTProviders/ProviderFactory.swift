import FTCore

/// Makes the adapter the settings name.
public enum ProviderFactory {
    public static func make(_ settings: Settings) throws -> any FineTuningProvider {
        let base = try settings.requireBaseURL()
        switch settings.provider {
        case .openai:
            return OpenAIProvider(id: .openai, baseURL: base)
        case .portkey:
            var routing = HTTPHeaders()
            if let v = settings.providerOptions[.portkeyProvider] { routing["x-portkey-provider"] = v }
            if let v = settings.providerOptions[.portkeyVirtualKey] { routing["x-portkey-virtual-key"] = v }
            if let v = settings.providerOptions[.portkeyConfig] { routing["x-portkey-config"] = v }
            if routing.fields.isEmpty {
                throw FTError(.config, what: "portkey", why: "no provider, virtual key or config to route to",
                              hint: "Pass --portkey-provider SLUG (or --portkey-virtual-key / --portkey-config), or set PORTKEY_PROVIDER.")
            }
            return OpenAIProvider(id: .portkey, baseURL: base, routingHeaders: routing)
        default:
            throw FTError(.unsupported, what: settings.provider.rawValue,
                          why: "the \(settings.provider) adapter is not available in this build yet",
                          hint: "Use --provider openai or portkey for now.")
        }
    }
}
