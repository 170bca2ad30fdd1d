import ArgumentParser
import FineTuning
import Foundation

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
