import FTCore
import Foundation

/// A job's events and log lines, oldest first on every provider (OpenAI-style lists arrive
/// newest first, a page at a time).
public struct EventLog: Sendable {
    public let client: FTClient
    public var pageSize = 100
    /// The most generic-v1 log lines asked for in one answer.
    public var maxLines = 100_000

    public init(client: FTClient) {
        self.client = client
    }

    /// Events after `since` (all when nil), the last `tail` of them when given.
    public func events(jobID: String, since: Date? = nil, tail: Int? = nil) async throws -> [JobEvent] {
        var collected: [JobEvent] = []
        var query = EventQuery(limit: pageSize)
        if client.provider.declaration.schema == .platform {
            // Log lines come in one answer, the newest `lines` of them: ask for all that are wanted.
            query.limit = tail ?? maxLines
            if let since { query.since = RFC3339.format(since) }
        }
        var seen = Set<String>()
        // Walk back from the newest until the cutoff, the tail, or the start.
        while true {
            let page = try await client.send(try client.provider.listEvents(jobID: jobID, query))
            let fresh = page.items.filter { seen.insert($0.id).inserted }
            collected += fresh
            if let since, let oldest = fresh.compactMap(\.time).min(), oldest < since { break }
            if let tail, collected.count >= tail { break }
            guard page.hasMore, let last = fresh.last else { break }
            query.after = last.id
        }
        var ordered = Self.oldestFirst(collected)
        if let since { ordered = ordered.filter { ($0.time ?? .distantFuture) > since } }
        if let tail { ordered = Array(ordered.suffix(max(0, tail))) }
        return ordered
    }

    /// The server's newest-first order reversed, then by time where times differ.
    static func oldestFirst(_ events: [JobEvent]) -> [JobEvent] {
        events.reversed().enumerated().sorted { a, b in
            let (x, y) = (a.element.time ?? .distantPast, b.element.time ?? .distantPast)
            return x == y ? a.offset < b.offset : x < y
        }.map(\.element)
    }

    /// `--since` as a time (RFC 3339) or a duration ago (`15m`), relative to `now`.
    public static func parseSince(_ text: String, now: Date = Date()) throws -> Date {
        if let seconds = DurationText.seconds(text), seconds.isFinite, seconds < 100 * 365 * 86_400 {
            return now.addingTimeInterval(-seconds)
        }
        if let date = RFC3339.parse(text) { return date }
        throw FTError(.usage, what: "--since", why: "'\(text.prefix(60))' is neither a time nor a duration",
                      hint: "Use e.g. 2025-02-01T10:00:00Z or 15m.")
    }
}
