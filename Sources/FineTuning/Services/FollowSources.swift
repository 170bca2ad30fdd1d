import FTCore
import Foundation

/// Where a follow starts.
public enum FollowStart: Sendable, Equatable {
    /// Every line from the first.
    case beginning
    /// Lines after this time.
    case since(Date)
    /// The last N lines, then new ones.
    case tail(Int)
    /// Lines after this event (OpenAI-style providers, whose events have ids).
    case after(String)
}

/// The new lines of a job, a read at a time. `read` returns the lines after those it returned
/// before, oldest first; when it throws, its position stays where it was, so the next read
/// neither skips nor repeats a line.
protocol LineSource: Sendable {
    mutating func read(_ client: FTClient, jobID: String, requests: inout Int) async throws -> [JobEvent]
}

/// OpenAI-style events: listed newest first, `after` pointing further back. A read walks back
/// from the newest event until it meets one it has seen, so each poll costs one request plus one
/// per extra page of new events, however long the history is.
struct EventCursorSource: LineSource {
    var start: FollowStart
    var pageSize: Int
    /// Ids already returned (and the boundary a start stopped at): a walk stops at the first.
    /// Walking back from the newest, the first it meets is the newest returned, so only recent
    /// ids are needed: the oldest are dropped past `keep`, and a day-long follow stays small.
    private(set) var seen = Set<String>()
    private var order: [String] = []
    static let keep = 20_000
    private var started = false

    init(start: FollowStart, pageSize: Int) {
        self.start = start
        self.pageSize = max(1, pageSize)
    }

    mutating func read(_ client: FTClient, jobID: String, requests: inout Int) async throws -> [JobEvent] {
        var newestFirst: [JobEvent] = []
        var boundary: String?
        var query = EventQuery(limit: pageSize)
        let first = !started
        walk: while true {
            let page = try await client.send(try client.provider.listEvents(jobID: jobID, query))
            requests += 1
            for e in page.items {
                if seen.contains(e.id) { boundary = e.id; break walk }
                if first, Self.before(e, start, count: newestFirst.count) { boundary = e.id; break walk }
                newestFirst.append(e)
            }
            guard page.hasMore, let last = page.items.last, !last.id.isEmpty, last.id != query.after else { break }
            query.after = last.id
        }
        if first, case .after(let id) = start, boundary != id {
            throw FTError(.notFound, what: "follow job \(jobID)", why: "no event \(id) in the job's events",
                          hint: "Check the event id to start after, or leave it out to start from the first line.", setting: .cursor)
        }
        // Committed only now: a failed page above leaves the cursor as it was.
        var fresh: [JobEvent] = []
        if let boundary, seen.insert(boundary).inserted { order.append(boundary) }
        for e in newestFirst.reversed() where seen.insert(e.id).inserted {
            fresh.append(e)
            order.append(e.id)
        }
        if order.count > 2 * Self.keep {
            for id in order.prefix(order.count - Self.keep) { seen.remove(id) }
            order.removeFirst(order.count - Self.keep)
        }
        started = true
        return fresh
    }

    /// Whether a first read stops at `e`: it is at or before where the follow starts.
    static func before(_ e: JobEvent, _ start: FollowStart, count: Int) -> Bool {
        switch start {
        case .beginning: return false
        case .since(let d): return (e.time ?? .distantFuture) <= d
        case .tail(let n): return count >= n
        case .after(let id): return e.id == id
        }
    }
}

/// generic-v1 log lines: no ids, read with `since` (a time) and `lines` (how many). Each read
/// asks from a second before the newest line seen, so lines sharing a time stamp are never lost
/// to a strict `since`, and drops the lines it has returned before by (time, level, message),
/// counting repeats, so a line printed twice on the server is printed twice here too.
struct LogLineSource: LineSource {
    struct Key: Hashable {
        var time: Date?
        var level: String
        var message: String
        init(_ e: JobEvent) {
            time = e.time
            level = e.level
            message = e.message
        }
    }

    var start: FollowStart
    var size: Int
    let minSize: Int
    let maxLines: Int
    /// How many of each line have been returned, for lines the next read may bring again.
    private(set) var counts: [Key: Int] = [:]
    /// What the next read sends as `since`.
    private(set) var since: Date?
    private var started = false
    static let overlap: Double = 1

    init(start: FollowStart, pageSize: Int, maxLines: Int) {
        self.start = start
        minSize = max(1, pageSize)
        self.maxLines = max(minSize, maxLines)
        size = minSize
        if case .since(let d) = start { since = d }
    }

    mutating func read(_ client: FTClient, jobID: String, requests: inout Int) async throws -> [JobEvent] {
        var tail: Int?
        if !started, case .tail(let n) = start { tail = max(0, n) }
        if !started, case .after = start {
            throw FTError(.usage, what: "start after an event", why: "\(client.provider.id) log lines have no ids", hint: "Start from a time instead.", setting: .cursor)
        }
        // A tail reads like any other (all lines in the overlap must be counted as seen), then
        // returns only its last N.
        var ask = max(size, tail ?? 0)
        var lines: [JobEvent]
        while true {
            let query = EventQuery(limit: ask, since: since.map(RFC3339.format))
            let page = try await client.send(try client.provider.listEvents(jobID: jobID, query))
            requests += 1
            lines = Array(page.items.reversed())
            // A full answer may have left out lines between `since` and its first: ask for more.
            guard lines.count >= ask, ask < maxLines else { break }
            ask = min(maxLines, ask * 2)
        }
        var counts = self.counts
        var occurrences: [Key: Int] = [:]
        var fresh: [JobEvent] = []
        for line in lines {
            let key = Key(line)
            let n = occurrences[key, default: 0] + 1
            occurrences[key] = n
            if n <= counts[key, default: 0] { continue }
            counts[key] = n
            fresh.append(line)
        }
        // The next read starts a second before the newest line; lines older than what it sends
        // cannot come back, so their counts go.
        if let newest = lines.compactMap(\.time).max() {
            let next = RFC3339.parse(RFC3339.format(newest.addingTimeInterval(-Self.overlap))) ?? newest.addingTimeInterval(-Self.overlap)
            since = max(since ?? next, next)
        }
        if let since { counts = counts.filter { ($0.key.time ?? .distantFuture) >= since } }
        self.counts = counts
        size = min(maxLines, max(minSize, lines.count * 2))
        started = true
        if let tail { return Array(fresh.suffix(tail)) }
        return fresh
    }
}
