import FTCore

/// Makes the adapter the settings name.
public enum ProviderFactory {
    public static func make(_ settings: Settings) throws -> any FineTuningProvider {
        let base = try settings.requireBaseURL()
        let options = settings.providerOptions
        switch settings.provider {
        case .portkey:
            var routing = HTTPHeaders()
            if let v = options[.portkeyProvider] { routing["x-portkey-provider"] = v }
            if let v = options[.portkeyVirtualKey] { routing["x-portkey-virtual-key"] = v }
            if let v = options[.portkeyConfig] { routing["x-portkey-config"] = v }
            if routing.fields.isEmpty {
                throw FTError(.config, what: "portkey", why: "no provider, virtual key or config to route to",
                              hint: "Pass --portkey-provider SLUG (or --portkey-virtual-key / --portkey-config), or set PORTKEY_PROVIDER.")
            }
            return OpenAIStyleProvider(id: .portkey, baseURL: base, routingHeaders: routing)
        case .truefoundry:
            var headers = HTTPHeaders()
            if let meta = options[.tfyMetadata] { headers["x-tfy-metadata"] = meta }
            return OpenAIStyleProvider(id: .truefoundry, baseURL: base, routingHeaders: headers, tfyProviderName: options[.tfyProviderName])
        case .genericV1:
            return GenericV1Provider(baseURL: base)
        default:
            return OpenAIStyleProvider(id: settings.provider, baseURL: base)
        }
    }
}
