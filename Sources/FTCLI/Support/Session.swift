import FineTuning
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
        context.secrets.add(settings.secrets)
        for w in settings.warnings { context.err("ftctl: warning: \(w)") }
    }

    /// A session on other settings (a clone's target, a diff's other side), rendering as this one.
    init(settings: Settings, flags: GlobalFlags, context: CLIContext) {
        self.context = context
        self.flags = flags
        self.settings = settings
        context.secrets.add(settings.secrets)
        for w in settings.warnings { context.err("ftctl: warning: \(w)") }
    }

    var renderer: Renderer {
        Renderer(flags, context: context, defaultFormat: settings.output.flatMap(OutputFormat.init(rawValue:)))
    }

    /// A client for the configured provider; fails with exit 78 when a key or base URL is missing.
    func client(requireKey: Bool = true) throws -> FTClient {
        let ctx = context
        let trace = flags.verbose ? TraceMiddleware(secrets: context.secrets) { ctx.err($0) } : nil
        return try FTClient.from(settings, requireKey: requireKey, transport: context.makeTransport(settings), trace: trace)
    }

    func print(_ text: String) { context.out(text) }
    func note(_ line: String) { context.err(line) }
}
