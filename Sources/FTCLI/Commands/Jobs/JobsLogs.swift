import ArgumentParser
import FineTuning
import Foundation

struct JobsLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Show a job's events and logs, oldest first.", aliases: ["events"])

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(name: [.short, .customLong("follow")], help: "Keep printing new lines until the job ends.") var follow = false
    @Option(help: ArgumentHelp("Only lines after this time (RFC 3339) or this long ago (15m).", valueName: "time|duration"))
    var since: String?
    @Option(help: "Only the last N lines.") var tail: Int?
    @Option(name: .customLong("max-outage"), help: ArgumentHelp("With --follow: how long to keep reconnecting.", valueName: "duration"))
    var maxOutage: String?

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more") }
        if let maxOutage, DurationText.seconds(maxOutage) == nil { throw ValidationError("--max-outage '\(maxOutage.prefix(40))' is not a duration") }
    }

    func run() async throws {
        if follow {
            throw FTError(.general, what: "jobs logs --follow", why: "following is not in this build yet",
                          hint: "Use `ftctl jobs wait \(id)` and then `ftctl jobs logs \(id)`.")
        }
        let cutoff = try since.map { try EventLog.parseSince($0) }
        let session = try Session(global)
        let client = try session.client()
        let events = try await EventLog(client: client).events(jobID: id, since: cutoff, tail: tail)
        let renderer = session.renderer
        if renderer.format == .json && !global.raw && global.field == nil && !global.quiet {
            // NDJSON: one object per line, as the contract has it for logs.
            session.print(events.map { $0.json.serialized() + "\n" }.joined())
        } else {
            session.print(try renderer.list(events))
        }
    }
}
