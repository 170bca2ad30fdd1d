import ArgumentParser
import FineTuning
import Foundation

struct JobsLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Show a job's events and logs, oldest first.",
        discussion: """
        With --follow, reconnects through network errors, 5xx and 429 for --max-outage (default 30m), \
        prints each line once, and ends with a summary on stderr. Ctrl-C prints the command that \
        resumes where it stopped (--after EVENT_ID, or --since TIME on generic-v1) and exits 130. \
        -o json prints NDJSON: {time, level, message, step?, metrics?}. On truefoundry, which has no \
        logs, --follow prints the job's status changes.
        """, aliases: ["events"])

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(name: [.short, .customLong("follow")], help: "Print new lines as they come until the job ends; exit code by outcome (0, 2 failed, 3 cancelled/stopped).")
    var follow = false
    @Option(help: ArgumentHelp("Only lines after this time (RFC 3339) or this long ago (15m).", valueName: "time|duration"))
    var since: String?
    @Option(help: "Only the last N lines.") var tail: Int?
    @Option(name: .customLong("max-outage"), help: ArgumentHelp("With --follow: how long to keep reconnecting (default 30m).", valueName: "duration"))
    var maxOutage: DurationValue?
    @Option(help: ArgumentHelp("Only lines after this event id (OpenAI-style providers; what Ctrl-C prints to resume).", valueName: "event-id"))
    var after: String?
    @Option(help: ArgumentHelp("With --follow and rules: time between the job's checks (default 5s).", valueName: "duration"))
    var interval = DurationValue(seconds: 5)
    @OptionGroup(title: "Rules (with --follow)") var rules: RuleOptions
    @OptionGroup(title: "Hooks (with --follow)") var hooks: HookOptions

    func validate() throws {
        if interval.seconds <= 0 || interval.seconds > 3600 { throw ValidationError("--interval must be from 1ms to 1h") }
        if !follow && (!rules.armed.isEmpty || !hooks.isEmpty) { throw ValidationError("rules and hooks need --follow") }
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more") }
        if maxOutage != nil && !follow { throw ValidationError("--max-outage needs --follow") }
        if [since != nil, tail != nil, after != nil].filter({ $0 }).count > 1 {
            throw ValidationError("--since, --tail and --after cannot be used together")
        }
    }

    func run() async throws {
        let cutoff = try since.map { try EventLog.parseSince($0) }
        let session = try Session(global)
        let client = try session.client()
        if follow {
            var start = FollowStart.beginning
            if let cutoff { start = .since(cutoff) }
            if let tail { start = .tail(tail) }
            if let after { start = .after(after) }
            let runner = FollowRunner(session: session, client: client, jobID: id, start: start, maxOutage: maxOutage?.seconds)
            let spend = JobSpend(session.ledger.read().records)
            try await runner.watched(rules: rules.armed, hooks: hooks, interval: interval.seconds, spend: { spend.spent($0) })
            return
        }
        var events = try await EventLog(client: client).events(jobID: id, since: cutoff, tail: after == nil ? tail : nil)
        if let after {
            guard let i = events.firstIndex(where: { $0.id == after }) else {
                throw FTError(.notFound, what: "logs of job \(id)", why: "no event \(after)", hint: "Check the --after id.")
            }
            events = Array(events[(i + 1)...])
        }
        let renderer = session.renderer
        if renderer.format == .json && !global.raw && global.field == nil && !global.quiet {
            // NDJSON: one object per line, as the contract has it for logs.
            session.print(events.map { $0.json.serialized() + "\n" }.joined())
        } else {
            session.print(try renderer.list(events))
        }
    }
}
