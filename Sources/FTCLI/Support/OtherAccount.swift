import FineTuning
import Foundation

/// The other account of a command that spans two (`jobs clone`'s target, `jobs diff`'s second
/// job): a profile by name, or a provider with its own key variable and its default or given base
/// URL. The invocation's global flags name the first account, so none of its routing, profile or
/// FTCTL_* settings leak into the second; output and network limits are shared.
struct OtherAccount {
    var profile: String?
    var provider: ProviderID?
    var baseURL: String?

    var isGiven: Bool { profile != nil || provider != nil }

    func session(like session: Session, flag: String) throws -> Session {
        let first = session.flags.options
        var options = GlobalOptions()
        options.output = first.output
        options.timeout = first.timeout
        options.maxRetries = first.maxRetries
        options.allowInsecureHTTP = first.allowInsecureHTTP
        var environment = session.context.environment
        for name in ["FTCTL_PROFILE", "FTCTL_PROVIDER", "FTCTL_BASE_URL", "FTCTL_API_KEY"] { environment[name] = nil }
        let resolver: SettingsResolver
        if let profile {
            options.profile = profile
            resolver = SettingsResolver(options: options, environment: environment, configPath: session.settings.configPath)
            return Session(settings: try resolver.resolve(), flags: session.flags, context: session.context)
        }
        guard let provider else {
            throw FTError(.usage, what: flag, why: "no other account named", hint: "Pass \(flag)-profile NAME or \(flag)-provider ID.")
        }
        options.provider = provider
        options.baseURL = baseURL
        // A provider alone: none of the current profile's settings (its base URL is another provider's).
        resolver = SettingsResolver(options: options, environment: environment, configPath: session.settings.configPath)
        do {
            return Session(settings: try resolver.resolve(config: ConfigFile()), flags: session.flags, context: session.context)
        } catch var e as FTError where e.what == "--base-url" {
            // The URL was given as this command's own flag.
            e.what = flag + "-base-url"
            throw e
        }
    }
}
