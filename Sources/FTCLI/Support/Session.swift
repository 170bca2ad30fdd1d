import FTCore
import FTProviders
import Foundation

/// A command's view of one invocation: resolved settings, a client on demand, and a renderer.
struct Session: Sendable {
    let context: CLIContext
    let flags: GlobalFlags
    let settings: Settings

    init(_ flags: GlobalFlags, context: CLIContext = .current) throws {
        self.context = context
        self.flags = flags
        settings = try SettingsResolver(options: flags.options, environment: context.environment).resolve()
        SecretRegistry.shared.add(settings.secrets)
        for w in settings.warnings { context.err("ftctl: warning: \(w)") }
    }

    var renderer: Renderer {
        Renderer(flags, context: context, defaultFormat: settings.output.flatMap(OutputFormat.init(rawValue:)))
    }

    /// A client for the configured provider; fails with exit 78 when a key or base URL is missing.
    func client(requireKey: Bool = true) throws -> FTClient {
        let provider = try ProviderFactory.make(settings)
        let key = requireKey ? try settings.requireAPIKey() : settings.apiKey
        let redactor = SecretRegistry.shared.current
        let ctx = context
        let trace = flags.verbose ? TraceMiddleware(redactor: redactor) { ctx.err($0) } : nil
        return FTClient(provider: provider, transport: context.makeTransport(settings), apiKey: key,
                        extraHeaders: settings.headers, maxRetries: settings.maxRetries, trace: trace)
    }

    func print(_ text: String) { context.out(text) }
    func note(_ line: String) { context.err(line) }
}
