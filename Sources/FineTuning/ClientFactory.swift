import Foundation

/// Building a client: from explicit values, or from the user's profile and environment as `ftctl`
/// resolves them (flag > environment > profile > default).
public extension FTClient {
    /// A client for `provider` at `baseURL` (its default when nil) with `apiKey`, over libcurl
    /// unless another transport is given. `options` are provider settings such as Portkey's routing.
    static func connect(provider: ProviderID = .openai, baseURL: String? = nil, apiKey: String,
                        options: [ProfileKey: String] = [:], headers: HTTPHeaders = [:],
                        timeout: Double = 60, maxRetries: Int = 2, allowInsecureHTTP: Bool = false,
                        transport: (any HTTPTransport)? = nil) throws -> FTClient {
        guard let base = baseURL ?? provider.defaultBaseURL else {
            throw FTError(.config, what: "\(provider)", why: "no base URL", hint: "Pass baseURL: the provider has no default.")
        }
        if !allowInsecureHTTP { try Settings.requireSecureTransport(baseURL: base, provider: provider) }
        let adapter = try ProviderFactory.make(declaration: provider.declaration, baseURL: base, options: options)
        return FTClient(provider: adapter, transport: transport ?? CurlTransport(options: .init(timeout: timeout)),
                        apiKey: apiKey, extraHeaders: headers, maxRetries: maxRetries)
    }

    /// A client as the user's configuration describes it: `profile` (else FTCTL_PROFILE or the
    /// current one), the environment's keys and base URL.
    static func fromProfile(_ profile: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FTClient {
        var options = GlobalOptions()
        options.profile = profile
        let settings = try SettingsResolver(options: options, environment: environment).resolve()
        return try from(settings, requireKey: true)
    }

    /// A client from resolved settings; `trace` and `secrets` are the CLI's `--verbose` and redaction.
    static func from(_ settings: Settings, requireKey: Bool, transport: (any HTTPTransport)? = nil,
                     trace: TraceMiddleware? = nil) throws -> FTClient {
        let provider = try ProviderFactory.make(settings)
        let key = requireKey ? try settings.requireAPIKey() : settings.apiKey
        // Only a client that will send checks: --dry-run sends nothing.
        if requireKey { try settings.requireSecureTransport() }
        let wire = transport ?? CurlTransport(options: .init(timeout: settings.timeout, connectTimeout: settings.connectTimeout,
                                                               caBundle: settings.caBundle))
        return FTClient(provider: provider, transport: wire, apiKey: key, extraHeaders: settings.headers,
                        maxRetries: settings.maxRetries, trace: trace)
    }
}
