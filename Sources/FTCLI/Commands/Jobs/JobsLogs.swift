import ArgumentParser
import FTCore
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

    func run() async throws {
        if follow {
            throw FTError(.general, what: "jobs logs --follow", why: "following is not in this build yet",
                          hint: "Use `ftctl jobs wait \(id)` and then `ftctl jobs logs \(id)`.")
        }
        let session = try Session(global)
        let client = try session.client()
        let cutoff = try since.map(Self.parseSince)
        var events: [JobEvent] = []
        var query = EventQuery(limit: 100)
        var seen = Set<String>()
        // Events arrive newest first a page at a time; walk back until the cutoff or the start.
        while true {
            let page = try await client.send(try client.provider.listEvents(jobID: id, query))
            let fresh = page.items.filter { seen.insert($0.id).inserted }
            events += fresh
            if let cutoff, let oldest = fresh.compactMap(\.time).min(), oldest < cutoff { break }
            if let tail, events.count >= tail { break }
            guard page.hasMore, let last = fresh.last, !fresh.isEmpty else { break }
            query.after = last.id
        }
        // Oldest first: the server's newest-first order reversed, then by time where times differ.
        var ordered = events.reversed().enumerated().sorted { a, b in
            let (x, y) = (a.element.time ?? .distantPast, b.element.time ?? .distantPast)
            return x == y ? a.offset < b.offset : x < y
        }.map(\.element)
        if let cutoff { ordered = ordered.filter { ($0.time ?? .distantFuture) > cutoff } }
        if let tail { ordered = Array(ordered.suffix(tail)) }
        let renderer = session.renderer
        if renderer.format == .json && !global.raw && global.field == nil && !global.quiet {
            // NDJSON: one object per line, as the contract has it for logs.
            session.print(ordered.map { $0.json.serialized() + "\n" }.joined())
        } else {
            session.print(try renderer.list(ordered))
        }
    }

    static func parseSince(_ text: String) throws -> Date {
        if let seconds = DurationText.seconds(text) { return Date().addingTimeInterval(-seconds) }
        if let date = RFC3339.parse(text) { return date }
        throw FTError(.usage, what: "--since", why: "'\(text)' is neither a time nor a duration", hint: "Use e.g. 2025-02-01T10:00:00Z or 15m.")
    }
}
