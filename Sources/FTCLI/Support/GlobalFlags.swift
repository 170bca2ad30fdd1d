import ArgumentParser
import FineTuning
import Foundation

/// The contract's global options, on every command.
public struct GlobalFlags: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp("Profile from the config file.", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Provider: openai, portkey, truefoundry, nebius, generic-v1 (alias strongly).", valueName: "id"))
    var provider: ProviderID?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The provider's base URL.", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("Read the API key from this environment variable.", valueName: "var"))
    var apiKeyEnv: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output format: table, wide, json, yaml, name, csv.", valueName: "format"))
    var output: OutputFormat?

    @Flag(name: [.short, .customLong("quiet")], help: "Print ids only, one per line.")
    var quiet = false

    @Option(help: ArgumentHelp("Print one field of the result (dotted for nested, e.g. progress.step).", valueName: "name"))
    var field: String?

    @Flag(help: "Print the provider's own JSON, unnormalized.")
    var raw = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (also: NO_COLOR).")
    var noColor = false

    @Flag(name: [.short, .customLong("verbose")], help: "Trace HTTP on stderr, secrets redacted.")
    var verbose = false

    @Option(help: ArgumentHelp("Whole-request time limit: 90s, 15m, 2h, 1d or seconds.", valueName: "duration"))
    var timeout: DurationValue?

    @Option(name: .customLong("max-retries"), help: ArgumentHelp("Retries for 429, 5xx and network failures.", valueName: "n"))
    var maxRetries: Int?

    @Flag(name: .customLong("allow-insecure-http"), help: "Send credentials over plain http:// to a host that is not loopback.")
    var allowInsecureHTTP = false

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("An extra request header, 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(name: .customLong("portkey-provider"), help: ArgumentHelp("Portkey: sent as x-portkey-provider.", valueName: "slug"))
    var portkeyProvider: String?

    @Option(name: .customLong("portkey-virtual-key"), help: ArgumentHelp("Portkey: sent as x-portkey-virtual-key.", valueName: "key"))
    var portkeyVirtualKey: String?

    @Option(name: .customLong("portkey-config"), help: ArgumentHelp("Portkey: sent as x-portkey-config.", valueName: "id"))
    var portkeyConfig: String?

    @Option(name: .customLong("tfy-provider-name"), help: ArgumentHelp("TrueFoundry: sent as x-tfy-provider-name (files need it).", valueName: "name"))
    var tfyProviderName: String?

    @Option(name: .customLong("tfy-metadata"), help: ArgumentHelp("TrueFoundry: sent as x-tfy-metadata (a JSON object).", valueName: "json"))
    var tfyMetadata: String?

    @Option(name: .customLong("ai-project-id"), help: ArgumentHelp("Nebius: the project jobs are created in and listed from (query ai_project_id).", valueName: "id"))
    var aiProjectID: String?

    public init() {}

    public func validate() throws {
        if let maxRetries, !(0...20).contains(maxRetries) {
            throw ValidationError("--max-retries must be from 0 to 20")
        }
        if let timeout, timeout.seconds <= 0 { throw ValidationError("--timeout must be longer than zero") }
    }

    var options: GlobalOptions {
        var o = GlobalOptions()
        o.profile = profile
        o.provider = provider
        o.baseURL = baseURL
        o.apiKeyEnv = apiKeyEnv
        o.output = output?.rawValue
        o.timeout = timeout?.seconds
        o.maxRetries = maxRetries
        o.headers = headers
        o.portkeyProvider = portkeyProvider
        o.portkeyVirtualKey = portkeyVirtualKey
        o.portkeyConfig = portkeyConfig
        o.tfyProviderName = tfyProviderName
        o.tfyMetadata = tfyMetadata
        o.aiProjectID = aiProjectID
        o.allowInsecureHTTP = allowInsecureHTTP
        return o
    }

    /// Names of the options that take a value, for moving global options written before the subcommand.
    static let valueOptions: Set<String> = [
        "--profile", "--provider", "--base-url", "--api-key-env", "-o", "--output", "--field", "--timeout",
        "--max-retries", "-H", "--header", "--portkey-provider", "--portkey-virtual-key", "--portkey-config",
        "--tfy-provider-name", "--tfy-metadata", "--ai-project-id",
    ]
    static let flagOptions: Set<String> = ["-q", "--quiet", "--raw", "--no-color", "-v", "--verbose", "--allow-insecure-http"]
}
