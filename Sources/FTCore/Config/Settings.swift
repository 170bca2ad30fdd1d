import Foundation

/// What the user said on the command line, before precedence is applied.
public struct GlobalOptions: Sendable, Equatable {
    public var profile: String?
    public var provider: ProviderID?
    public var baseURL: String?
    public var apiKeyEnv: String?
    public var output: String?
    /// Seconds.
    public var timeout: Double?
    public var maxRetries: Int?
    public var headers: [String] = []
    /// Provider settings given as flags, by profile key (`ProviderSetting.all`).
    public var providerValues: [ProfileKey: String] = [:]
    /// `--allow-insecure-http`: send credentials over plain http to a host that is not loopback.
    public var allowInsecureHTTP = false
    public init() {}
}

/// Settings after flag > environment > profile > built-in default.
public struct Settings: Sendable {
    public var configPath: String
    public var profileName: String?
    public var provider: ProviderID
    /// nil when the provider needs one and none was given: the error comes when a request needs it.
    public var baseURL: String?
    public var apiKey: String?
    /// Where the key came from, for `config current` and errors ("env OPENAI_API_KEY").
    public var apiKeySource: String?
    /// The reason there is no key, when there is none.
    public var apiKeyProblem: String?
    public var output: String?
    /// The profile's `monthly_budget` in USD.
    public var monthlyBudget: Decimal?
    public var timeout: Double
    public var connectTimeout: Double
    public var maxRetries: Int
    public var caBundle: String?
    public var headers: HTTPHeaders
    /// Provider-specific settings by profile key (portkey_provider, tfy_provider_name…).
    public var providerOptions: [ProfileKey: String]
    /// Things worth telling the user on stderr (a key in a world-readable file).
    public var warnings: [String]
    /// `--allow-insecure-http`.
    public var allowInsecureHTTP = false

    /// Every secret these settings hold, for the redactor.
    public var secrets: [String] {
        let headerSecrets = headers.compactMap { name, value in Redactor.isSecretHeader(name, in: headers) ? value : nil }
        return [apiKey, providerOptions[.portkeyVirtualKey], providerOptions[.portkeyConfig]].compactMap { $0 } + headerSecrets
            + Self.secrets(inURL: baseURL)
    }

    /// A password in the URL's userinfo and the values of secret-named query items (`?api-key=`):
    /// traces and errors print URLs.
    static func secrets(inURL url: String?) -> [String] {
        guard let url, let c = URLComponents(string: url) else { return [] }
        let query = (c.queryItems ?? []).filter { Redactor.isSecretField($0.name.replacingOccurrences(of: "-", with: "_")) || $0.name.lowercased() == "key" }
        return ([c.password, c.percentEncodedPassword] + query.map(\.value)).compactMap { $0 }.filter { !$0.isEmpty }
    }

    public func requireBaseURL() throws -> String {
        guard let baseURL else {
            throw FTError(.config, what: "\(provider)", why: "no base URL",
                          hint: "Set FTCTL_BASE_URL or the profile's base_url.", setting: .baseURL)
        }
        // An empty or dot segment here would make every request look like one with an empty id
        // (FTClient refuses those): said once, as what it is. Trailing slashes are dropped anyway.
        var trimmed = Substring(baseURL)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let path = HTTPRequest.pathWithUnusableSegment(String(trimmed)) {
            throw FTError(.config, what: "base URL", why: "its path \(path) has an empty, '.' or '..' segment",
                          hint: "Fix FTCTL_BASE_URL, --base-url or the profile's base_url.", setting: .baseURL)
        }
        return baseURL
    }

    /// Refuses to send credentials in the clear over a network (exit 78): plain `http://` is
    /// allowed to loopback (the sandbox, a local gateway) and otherwise only when asked for.
    public func requireSecureTransport() throws {
        guard !allowInsecureHTTP, let baseURL else { return }
        try Self.requireSecureTransport(baseURL: baseURL, provider: provider)
    }

    public static func requireSecureTransport(baseURL: String, provider: ProviderID) throws {
        guard let url = URLComponents(string: baseURL), url.scheme?.lowercased() == "http", let host = plainHost(url, of: baseURL),
              !isLoopback(host) else { return }
        throw FTError(.config, what: "\(provider)",
                      why: "the base URL \(baseURL) is plain http to \(host), which is not this machine, so the API key would cross the network unencrypted",
                      hint: "Use https, or allow insecure http if you mean it.", setting: .insecureHTTP)
    }

    /// `url.host`, which decodes percent escapes and IDNA (`xn--`) labels through ICU even when
    /// there are none: the host as written (between `//` and the path, after any `user@`, before
    /// any `:port`) unless it has either or is an IPv6 literal, since ICU's code and data are
    /// megabytes a run need not touch.
    static func plainHost(_ url: URLComponents, of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].hasPrefix("//") else { return url.host }
        var authority = text[text.index(colon, offsetBy: 3)...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let port = authority.firstIndex(of: ":") { authority = authority[..<port] }
        let raw = String(authority)
        guard !raw.isEmpty, !raw.unicodeScalars.contains(where: { $0 == "%" || $0 == "[" }),
              !raw.lowercased().containsLiteral("xn--") else { return url.host }
        return raw
    }

    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingScalars { $0 == "[" || $0 == "]" }
        return h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h.hasPrefix("127.")
    }

    public func requireAPIKey() throws -> String {
        guard let apiKey else {
            throw FTError(.config, what: "\(provider)", why: apiKeyProblem ?? "no API key",
                          hint: "Set \(provider.keyEnvironmentVariable) or FTCTL_API_KEY, or name the variable in the profile's api_key_env.", setting: .apiKey)
        }
        return apiKey
    }
}

public struct SettingsResolver: Sendable {
    public var options: GlobalOptions
    public var environment: [String: String]
    public var configPath: String

    public init(options: GlobalOptions, environment: [String: String], configPath: String? = nil) {
        self.options = options
        self.environment = environment
        self.configPath = configPath ?? ConfigFile.defaultPath(environment: environment)
    }

    private func env(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func resolve() throws -> Settings {
        let config = try ConfigFile.load(path: configPath)
        return try resolve(config: config)
    }

    public func resolve(config: ConfigFile) throws -> Settings {
        // Which profile: a named one must exist; the file's current one is used if present.
        let named = options.profile ?? env("FTCTL_PROFILE")
        let profileName = named ?? config.currentProfile ?? (config[profile: "default"] != nil ? "default" : nil)
        var profile = Profile()
        if let profileName {
            if let p = config[profile: profileName] {
                profile = p
            } else if named != nil || config.currentProfile != nil {
                throw FTError(.notFound, what: "profile \(profileName)", why: "no such profile in \(configPath)",
                              hint: "`ftctl config list` shows the profiles; `ftctl config set --profile \(profileName) provider ID` makes one.")
            }
        }

        let provider: ProviderID
        if let given = options.provider {
            provider = given
        } else {
            let (text, source) = env("FTCTL_PROVIDER").map { ($0, "FTCTL_PROVIDER") } ?? profile[.provider].map { ($0, "the profile's provider") }
                ?? (ProviderID.openai.rawValue, "")
            guard let parsed = ProviderID.parse(text) else {
                throw FTError(.config, what: source, why: "unknown provider '\(text)'",
                              hint: "Use one of: \(ProviderID.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            provider = parsed
        }

        let baseURL = options.baseURL ?? env("FTCTL_BASE_URL") ?? profile[.baseURL] ?? provider.defaultBaseURL
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw FTError(.usage, what: "--base-url", why: "'\(baseURL)' is not an http(s) URL", hint: "Use e.g. https://api.openai.com/v1.")
        }

        var warnings: [String] = []
        var apiKey: String?
        var source: String?
        var problem: String?
        if let v = options.apiKeyEnv {
            apiKey = env(v)
            source = "env \(v) (--api-key-env)"
            if apiKey == nil { problem = "--api-key-env names \(v), which is not set" }
        } else if let k = env("FTCTL_API_KEY") {
            (apiKey, source) = (k, "env FTCTL_API_KEY")
        } else if let k = env(provider.keyEnvironmentVariable) {
            (apiKey, source) = (k, "env \(provider.keyEnvironmentVariable)")
        } else if let v = profile[.apiKeyEnv] {
            apiKey = env(v)
            source = "env \(v) (profile)"
            if apiKey == nil { problem = "the profile's api_key_env names \(v), which is not set" }
        } else if let path = profile[.apiKeyFile] {
            let expanded = (path as NSString).expandingTildeInPath
            if let data = FileManager.default.contents(atPath: expanded),
               let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
                (apiKey, source) = (text, "file \(path)")
            } else {
                problem = "the profile's api_key_file \(path) is missing, unreadable or empty"
            }
        } else if let k = profile[.apiKey] {
            (apiKey, source) = (k, "profile \(profileName ?? "") (inline)")
            if Self.isReadableByOthers(configPath) {
                warnings.append("\(configPath) holds an API key and is readable by group or others; run `chmod 600 \(configPath)`")
            }
        }

        let output = options.output ?? profile[.output]
        let timeout: Double
        if let given = options.timeout {
            guard given > 0 else { throw FTError(.usage, what: "timeout", why: "it must be longer than zero", setting: .timeout) }
            timeout = given
        } else if let text = profile[.timeout] {
            guard let t = DurationText.seconds(text), t > 0 else {
                throw FTError(.config, what: "the profile's timeout", why: "'\(text)' is not a duration", hint: "Use e.g. 90s, 15m, 2h or plain seconds.")
            }
            timeout = t
        } else {
            timeout = 60
        }
        let connectTimeout = profile[.connectTimeout].flatMap(DurationText.seconds) ?? min(10, timeout)
        let maxRetries = options.maxRetries ?? profile[.maxRetries].flatMap(Int.init) ?? 2
        let caBundle = env("CURL_CA_BUNDLE") ?? env("SSL_CERT_FILE") ?? profile[.caBundle].map { ($0 as NSString).expandingTildeInPath }

        var headers = HTTPHeaders()
        for (n, v) in profile.headers { headers[n] = v }
        for line in options.headers {
            guard let (n, v) = HTTPHeaders.parseLine(line) else {
                throw FTError(.usage, what: "--header", why: "'\(line)' is not 'Name: value'", hint: "Write it as -H 'X-Team: ml'.")
            }
            headers[n] = v
        }

        var providerOptions: [ProfileKey: String] = [:]
        for setting in ProviderSetting.all {
            if let v = options.providerValues[setting.key] ?? env(setting.environment) ?? profile[setting.key] { providerOptions[setting.key] = v }
        }
        // Settings with a shape of their own are checked as read, from a flag, the environment or the profile.
        let examples: [(ProfileKey, String)] = [
            (.tfyMetadata, "Pass e.g. '{\"team\":\"ml\"}'."),
            (.upstream, "Name what the Portkey route reaches, e.g. \(ProviderSetting.upstream.flag) bedrock."),
            (.bedrockRoleARN, "Give the ARN of the IAM role Bedrock may assume for the job."),
        ]
        for (key, hint) in examples {
            guard let value = providerOptions[key], let problem = key.problem(with: value), let setting = ProviderSetting.forKey(key) else { continue }
            throw FTError(.usage, what: setting.flag, why: problem, hint: hint)
        }

        var settings = Settings(configPath: configPath, profileName: profileName, provider: provider, baseURL: baseURL,
                        apiKey: apiKey, apiKeySource: source, apiKeyProblem: problem, output: output,
                        timeout: timeout, connectTimeout: connectTimeout, maxRetries: maxRetries, caBundle: caBundle,
                        headers: headers, providerOptions: providerOptions, warnings: warnings,
                        allowInsecureHTTP: options.allowInsecureHTTP)
        if let text = profile[.monthlyBudget] {
            guard ProfileKey.monthlyBudget.problem(with: text) == nil, let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw FTError(.config, what: "the profile's monthly_budget", why: "'\(text)' is not an amount in USD", hint: "Use e.g. 200 or 49.50.")
            }
            settings.monthlyBudget = d
        }
        return settings
    }

    static func isReadableByOthers(_ path: String) -> Bool {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attrs[.posixPermissions] as? NSNumber)?.intValue else { return false }
        return mode & 0o077 != 0
    }
}
