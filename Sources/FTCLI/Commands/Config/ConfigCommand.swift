import ArgumentParser
import FineTuning
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Profiles: provider, base URL, key source, defaults.",
        discussion: """
        The file is $XDG_CONFIG_HOME/ftctl/config.yaml (else ~/.config/ftctl/config.yaml; FTCTL_CONFIG overrides).
        Keys: \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", ")), headers.NAME.
        """,
        subcommands: [ConfigList.self, ConfigCurrent.self, ConfigUse.self, ConfigGet.self, ConfigSet.self, ConfigPath.self])
}

/// Shared by the config subcommands: the file, and which profile a command means.
struct ConfigStore {
    let path: String
    let environment: [String: String]

    init(context: CLIContext = .current) {
        environment = context.environment
        path = ConfigFile.defaultPath(environment: environment)
    }

    func load() throws -> ConfigFile { try ConfigFile.load(path: path) }

    /// --profile, else FTCTL_PROFILE, else the current profile, else `default`.
    func profileName(_ flag: String?, in config: ConfigFile) -> String {
        flag ?? environment["FTCTL_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? config.currentProfile ?? "default"
    }
}

struct ConfigList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List profiles.", aliases: ["ls"])
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let store = ConfigStore()
        let config = try store.load()
        let current = store.profileName(nil, in: config)
        let records = config.profiles.map { name, p in
            Record(id: name, json: .object(JSONObject([
                ("name", .string(name)), ("current", .bool(name == current)),
                ("provider", JSONValue(p[.provider])), ("base_url", JSONValue(p[.baseURL])),
                ("key_source", JSONValue(ConfigList.keySource(p))),
            ])))
        }
        CLIContext.current.out(try Renderer(global, context: .current).list(records))
    }

    static func keySource(_ p: Profile) -> String? {
        if let v = p[.apiKeyEnv] { return "env \(v)" }
        if let f = p[.apiKeyFile] { return "file \(f)" }
        if p[.apiKey] != nil { return "inline" }
        return nil
    }
}

struct ConfigCurrent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "current", abstract: "Print the profile in use and where its settings come from.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let settings = try SettingsResolver(options: global.options, environment: CLIContext.current.environment).resolve()
        for w in settings.warnings { CLIContext.current.err("ftctl: warning: \(w)") }
        let record = Record(id: settings.profileName ?? "", json: .object(JSONObject([
            ("profile", JSONValue(settings.profileName)), ("provider", .string(settings.provider.rawValue)),
            ("base_url", JSONValue(settings.baseURL)), ("key_source", JSONValue(settings.apiKeySource)),
            ("output", JSONValue(settings.output)), ("timeout", .string(DurationText.format(settings.timeout))),
            ("max_retries", .int(Int64(settings.maxRetries))), ("config", .string(settings.configPath)),
        ])))
        let r = Renderer(global, context: .current)
        if r.format == .table && global.field == nil && !global.quiet {
            CLIContext.current.out((settings.profileName ?? "(none)") + "\n")
        } else {
            CLIContext.current.out(try r.one(record))
        }
    }
}

struct ConfigUse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "use", abstract: "Make a profile the current one.")
    @Argument(help: "The profile.") var name: String

    func run() async throws {
        let store = ConfigStore()
        var config = try store.load()
        guard config[profile: name] != nil else {
            throw FTError(.notFound, what: "profile \(name)", why: "no such profile in \(store.path)",
                          hint: "`ftctl config list` shows them; `ftctl config set --profile \(name) provider ID` makes one.")
        }
        config.currentProfile = name
        try config.save(path: store.path)
        CLIContext.current.err("now using profile \(name)")
    }
}

struct ConfigGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one setting of a profile.")
    @Option(help: "The profile (default: the current one).") var profile: String?
    @Argument(help: "The key.") var key: String

    func run() async throws {
        let store = ConfigStore()
        let config = try store.load()
        let name = store.profileName(profile, in: config)
        guard let p = config[profile: name] else {
            throw FTError(.notFound, what: "profile \(name)", why: "no such profile in \(store.path)", hint: "`ftctl config list` shows them.")
        }
        let value: String?
        if key.hasPrefix("headers.") {
            let h = String(key.dropFirst(8))
            value = p.headers.first { $0.name.lowercased() == h.lowercased() }?.value
        } else {
            guard let k = ProfileKey(rawValue: key) else { throw ConfigSet.unknownKey(key) }
            // A stored secret is never printed back.
            value = k.isSecret ? p[k].map { _ in Redactor.mask } : p[k]
        }
        guard let value else {
            throw FTError(.notFound, what: "config get \(key)", why: "profile \(name) does not set \(key)", hint: "Set it with `ftctl config set \(key) VALUE`.")
        }
        CLIContext.current.out(value + "\n")
    }
}

struct ConfigSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one setting of a profile (made if new). An empty value removes it.")
    @Option(help: "The profile (default: the current one).") var profile: String?
    @Argument(help: "The key.") var key: String
    @Argument(help: "The value.") var value: String

    static func unknownKey(_ key: String) -> FTError {
        FTError(.usage, what: "config key \(key)", why: "unknown key",
                hint: "Known: \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", ")), headers.NAME.")
    }

    func run() async throws {
        let store = ConfigStore()
        var config = try store.load()
        let name = store.profileName(profile, in: config)
        var p = config[profile: name] ?? Profile()
        if key.hasPrefix("headers.") {
            let h = String(key.dropFirst(8))
            guard !h.isEmpty, !h.contains(" "), !h.contains(":") else {
                throw FTError(.usage, what: "config key \(key)", why: "not a header name", hint: "Use headers.X-Name.")
            }
            p.headers.removeAll { $0.name.lowercased() == h.lowercased() }
            if !value.isEmpty { p.headers.append((h, value)) }
        } else {
            guard let k = ProfileKey(rawValue: key) else { throw Self.unknownKey(key) }
            if !value.isEmpty, let problem = k.problem(with: value) {
                throw FTError(.usage, what: "config set \(key)", why: problem, hint: "See `ftctl config --help`.")
            }
            p[k] = value.isEmpty ? nil : value
        }
        config[profile: name] = p
        if config.currentProfile == nil { config.currentProfile = name }
        try config.save(path: store.path)
    }
}

struct ConfigPath: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "Print the config file's path.")

    func run() async throws {
        CLIContext.current.out(ConfigStore().path + "\n")
    }
}

