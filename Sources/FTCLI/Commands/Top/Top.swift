import ArgumentParser
import FineTuning
import Foundation

struct Top: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "A live view of the running and recent jobs of every profile at once.",
        discussion: """
        Each profile (every one in the config file, or those named with --profile; with none, the \
        environment's settings) is polled concurrently every --interval. On a terminal it is a \
        full screen: ↑/↓ or j/k select, s changes the sort, l shows the selected job's logs, p plots \
        its loss, c cancels it (after a y), b closes the lower pane, q or Ctrl-C quits and puts the \
        terminal back. In a pipe it prints a plain table each interval; --once prints one snapshot \
        (-o json for scripts).
        """)

    @Option(name: .customLong("profile"), parsing: .singleValue, help: ArgumentHelp("A profile to show (repeatable; default: every profile).", valueName: "name"))
    var profiles: [String] = []
    @Option(help: ArgumentHelp("Time between polls (default 5s).", valueName: "duration"))
    var interval = DurationValue(seconds: 5)
    @Flag(help: "Print one snapshot and exit.") var once = false
    @Option(name: .customLong("warn-if"), parsing: .singleValue,
            help: ArgumentHelp("Mark a job in the RULES column when RULE fires (repeatable): \(WatchRule.forms.joined(separator: ", ")).", valueName: "rule"),
            transform: RuleOptions.rule)
    var warnIf: [WatchRule] = []
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("With --once: table, wide, json, yaml.", valueName: "format"))
    var output: OutputFormat?
    @Flag(name: .customLong("no-color"), help: "Never colour the output (also: NO_COLOR).") var noColor = false

    func validate() throws {
        if interval.seconds < 0.05 || interval.seconds > 3600 { throw ValidationError("--interval must be from 50ms to 1h") }
    }

    func run() async throws {
        let context = CLIContext.current
        let board = JobBoard(sources: try TopSources.resolve(profiles, context: context))
        let ledger = SpendLedger(configPath: ConfigFile.defaultPath(environment: context.environment))
        var watch = TopWatch(rules: warnIf, ledger: ledger)
        watch.onNote = { context.err($0) }
        let palette = Palette(enabled: context.stdoutIsTTY && !noColor && (context.environment["NO_COLOR"] ?? "").isEmpty)
        if once || !context.stdoutIsTTY || !context.stdinIsTTY {
            repeat {
                let snap = await board.snapshot()
                watch.observe(snap)
                for p in snap.problems { context.err("ftctl: \(p.source): \(context.secrets.redactor.redact(p.why))") }
                context.out(plain(snap, watch: watch, palette: palette))
                if once { return }
                try await Pause.sleep(interval.seconds)
            } while true
        }
        try await TopLive(board: board, interval: interval.seconds, palette: palette, context: context,
                          profiles: Set(board.sources.map(\.name)).count, watch: watch).run()
    }

    private func plain(_ snap: JobBoard.Snapshot, watch: TopWatch, palette: Palette) -> String {
        let rows = TopRows.sorted(snap.rows, by: .status)
        switch output {
        case .json?: return JSONValue.array(rows.map(watch.json)).serialized(pretty: true) + "\n"
        case .yaml?: return Renderer.yaml(.array(rows.map(watch.json)))
        default:
            let table = Renderer(format: .table, palette: palette).table(columns: TopRows.columns, rows: rows.map(watch.json))
            return once ? table : "\(Renderer.shortTime(snap.taken))\n" + table + "\n"
        }
    }
}

/// The profiles `top` shows, each a client.
enum TopSources {
    static func resolve(_ names: [String], context: CLIContext) throws -> [JobBoard.Source] {
        let path = ConfigFile.defaultPath(environment: context.environment)
        let config = try ConfigFile.load(path: path)
        var chosen: [String?] = names.isEmpty ? config.profiles.map(\.name) : names
        if chosen.isEmpty { chosen = [nil] }
        return try chosen.map { name in
            var options = GlobalOptions()
            options.profile = name
            let settings = try SettingsResolver(options: options, environment: context.environment, configPath: path).resolve()
            context.secrets.add(settings.secrets)
            let client = try FTClient.from(settings, requireKey: true, transport: context.makeTransport(settings))
            return JobBoard.Source(name: name ?? settings.provider.rawValue, client: client)
        }
    }
}
