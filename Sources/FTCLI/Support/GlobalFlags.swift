import ArgumentParser
import FineTuning
import Foundation

/// The contract's global options, on every command.
public struct GlobalFlags: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp("Profile from the config file.", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Provider: openai, portkey, truefoundry, nebius, generic-v1 (alias strongly), together.", valueName: "id"))
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

    // Provider settings: names and help come from `ProviderSetting`, declared once.
    private static func long(_ s: ProviderSetting) -> NameSpecification { .customLong(s.flagName) }
    @Option(name: long(.portkeyProvider), help: ProviderSetting.portkeyProvider.argumentHelp) var portkeyProvider: String?
    @Option(name: long(.portkeyVirtualKey), help: ProviderSetting.portkeyVirtualKey.argumentHelp) var portkeyVirtualKey: String?
    @Option(name: long(.portkeyConfig), help: ProviderSetting.portkeyConfig.argumentHelp) var portkeyConfig: String?
    @Option(name: long(.upstream), help: ProviderSetting.upstream.argumentHelp) var upstream: String?
    @Option(name: long(.bedrockRoleARN), help: ProviderSetting.bedrockRoleARN.argumentHelp) var bedrockRoleARN: String?
    @Option(name: long(.fireworksAccountID), help: ProviderSetting.fireworksAccountID.argumentHelp) var fireworksAccountID: String?
    @Option(name: long(.tfyProviderName), help: ProviderSetting.tfyProviderName.argumentHelp) var tfyProviderName: String?
    @Option(name: long(.tfyMetadata), help: ProviderSetting.tfyMetadata.argumentHelp) var tfyMetadata: String?
    @Option(name: long(.aiProjectID), help: ProviderSetting.aiProjectID.argumentHelp) var aiProjectID: String?

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
        let given: [ProfileKey: String?] = [
            .portkeyProvider: portkeyProvider, .portkeyVirtualKey: portkeyVirtualKey, .portkeyConfig: portkeyConfig,
            .upstream: upstream, .bedrockRoleARN: bedrockRoleARN, .fireworksAccountID: fireworksAccountID,
            .tfyProviderName: tfyProviderName, .tfyMetadata: tfyMetadata, .aiProjectID: aiProjectID,
        ]
        o.providerValues = given.compactMapValues { $0 }
        o.allowInsecureHTTP = allowInsecureHTTP
        return o
    }

    /// Names of the options that take a value, for moving global options written before the subcommand.
    static let valueOptions: Set<String> = Set([
        "--profile", "--provider", "--base-url", "--api-key-env", "-o", "--output", "--field", "--timeout",
        "--max-retries", "-H", "--header",
    ] + ProviderSetting.all.map(\.flag))
    static let flagOptions: Set<String> = ["-q", "--quiet", "--raw", "--no-color", "-v", "--verbose", "--allow-insecure-http"]
}

extension ProviderSetting {
    var argumentHelp: ArgumentHelp { ArgumentHelp(help, valueName: valueName) }
}
