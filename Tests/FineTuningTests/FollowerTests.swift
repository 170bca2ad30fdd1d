@testable import FineTuning
import Foundation
import Testing

/// A job server in memory for follow tests: events (oldest first here, served newest first as
/// OpenAI does, or as platform log lines), a status, and a hook that runs before each request so
/// a test can make lines appear, fail a request, or end the job. Every request is recorded.
final class FollowServer: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    var events: [JSONValue] = []
    var status = "running"
    var requests: [HTTPRequest] = []
    /// Runs before each request (its number from 0); a non-nil answer replaces the normal one.
    var before: (Int, FollowServer) -> Result<HTTPResponse, FTError>? = { _, _ in nil }

    func addEvents(_ n: Int, time: Int = 1_700_000_000, message: (Int) -> String = { "line \($0)" }) {
        for _ in 0..<n {
            let k = events.count
            events.append(["id": .string("ev-\(k)"), "created_at": .int(Int64(time)), "level": "info", "message": .string(message(k)),
                           "timestamp": .string(RFC3339.format(Date(timeIntervalSince1970: TimeInterval(time))))])
        }
    }

    var eventRequests: [HTTPRequest] { lock.withLock { requests.filter { $0.url.contains("/events") || $0.url.contains("/logs") } } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let n: Int = lock.withLock { requests.append(request); return requests.count - 1 }
        if let scripted = lock.withLock({ before(n, self) }) { return try scripted.get() }
        return lock.withLock { answer(request) }
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let url = URLComponents(string: request.url)
        let path = url?.path ?? ""
        let query = Dictionary((url?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if path.hasSuffix("/events") {
            let newestFirst = Array(events.reversed())
            let limit = Int(query["limit"] ?? "20") ?? 20
            var rest = newestFirst[...]
            if let after = query["after"], let i = newestFirst.firstIndex(where: { $0["id"]?.string == after }) { rest = newestFirst[(i + 1)...] }
            let shown = Array(rest.prefix(limit))
            return Self.ok(["object": "list", "data": .array(shown), "has_more": .bool(rest.count > shown.count)])
        }
        if path.hasSuffix("/logs") {
            var lines = events
            if let since = query["since"].flatMap(RFC3339.parse) {
                lines = lines.filter { (RFC3339.date(from: $0["timestamp"]) ?? .distantPast) > since }
            }
            let limit = Int(query["lines"] ?? "100") ?? 100
            let shown = lines.suffix(limit).map { e in
                JSONValue.object(JSONObject([("timestamp", e["timestamp"] ?? .null), ("level", e["level"] ?? .null), ("message", e["message"] ?? .null)]))
            }
            return Self.ok(["jobId": "j", "logs": .array(Array(shown))])
        }
        let id = String(path.split(separator: "/").last ?? "")
        return Self.ok(["id": .string(id), "object": "fine_tuning.job", "status": .string(status), "model": "m", "created_at": 1])
    }

    static func ok(_ json: JSONValue) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(json.serialized().utf8))
    }

    static func error(_ status: Int, retryAfter: String? = nil) -> HTTPResponse {
        var h: HTTPHeaders = ["Content-Type": "application/json"]
        if let retryAfter { h["Retry-After"] = retryAfter }
        return HTTPResponse(status: status, headers: h, body: Data(#"{"error":{"message":"busy"}}"#.utf8))
    }

    func client(_ declaration: ProviderDeclaration = .openai) -> FTClient {
        let provider: any FineTuningProvider = declaration.schema == .platform
            ? GenericV1Provider(baseURL: "https://example.test") : OpenAIStyleProvider(declaration: declaration, baseURL: "https://example.test/v1")
        return FTClient(provider: provider, transport: self, apiKey: "k", maxRetries: 0)
    }
}

/// A follower whose sleeps only move a pretend clock forward.
func pretendFollower(_ server: FollowServer, _ declaration: ProviderDeclaration = .openai, slept: Recorder<Double>) -> LogFollower {
    var f = LogFollower(client: server.client(declaration))
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    f.now = { start.addingTimeInterval(slept.values.reduce(0, +)) }
    f.sleep = { slept.add($0) }
    f.random = { 0 }
    f.policy.jitter = 0
    return f
}

func lines(_ updates: Recorder<FollowUpdate>) -> [String] {
    updates.values.compactMap { if case .line(let e) = $0 { return e.message } else { return nil } }
}

@Suite("following a job's events over an in-memory provider")
struct FollowerTests {
    @Test func cursorFollowYieldsEveryLineOnceInOrderWithoutRereading() async throws {
        let server = FollowServer()
        server.addEvents(250)
        // Each request adds a few lines until request 40, when the job ends.
        server.before = { n, s in
            if n < 40 { s.addEvents(n % 3 == 0 ? 130 : 7) } else { s.status = "succeeded" }
            return nil
        }
        let slept = Recorder<Double>()
        let updates = Recorder<FollowUpdate>()
        let outcome = try await pretendFollower(server, slept: slept).follow(jobID: "ftjob-1") { updates.add($0) }
        let total = server.events.count
        #expect(lines(updates) == (0..<total).map { "line \($0)" })
        #expect(outcome.lines == total)
        #expect(outcome.job.status == .succeeded)
        // Incremental: one page per 100 new lines plus one per poll, never the whole history again.
        let pages = server.eventRequests.count
        let polls = slept.values.count + 2
        #expect(pages <= total / 100 + 2 * polls, "\(pages) event requests for \(total) lines in \(polls) polls")
        #expect(server.eventRequests.filter { !$0.url.contains("after=") }.count <= polls)
    }

    @Test func sinceFollowDeduplicatesByTimeLevelAndMessageWithCounts() async throws {
        let server = FollowServer()
        // Lines share time stamps (whole seconds), and one line is genuinely printed twice.
        server.addEvents(3, time: 100) { "a\($0)" }
        server.addEvents(2, time: 101) { _ in "same" }
        server.before = { n, s in
            switch n {
            case 1: s.addEvents(2, time: 101) { "b\($0)" }  // more lines in the second already seen
            case 3: s.addEvents(1, time: 101) { _ in "same" }  // and a third "same" in it
            case 5: s.addEvents(2, time: 102) { "c\($0)" }
            case 7: s.status = "completed"
            default: break
            }
            return nil
        }
        let slept = Recorder<Double>()
        let updates = Recorder<FollowUpdate>()
        _ = try await pretendFollower(server, .genericV1, slept: slept).follow(jobID: "ftjob_1") { updates.add($0) }
        #expect(lines(updates) == ["a0", "a1", "a2", "same", "same", "b5", "b6", "same", "c8", "c9"])
        // Every read after the first asked from a second before the newest line, not from the start.
        let sinces = server.eventRequests.dropFirst().compactMap { URLComponents(string: $0.url)?.queryItems?.first { $0.name == "since" }?.value }
        #expect(sinces.count == server.eventRequests.count - 1)
    }

    @Test func idlePollsBackOffToTheCapAndLinesMakeThemFastAgain() async throws {
        let server = FollowServer()
        server.before = { n, s in
            // Requests alternate events/status while idle; lines arrive at request 16, the end at 30.
            if n == 16 { s.addEvents(1) }
            if n == 30 { s.status = "succeeded" }
            return nil
        }
        let slept = Recorder<Double>()
        var follower = pretendFollower(server, slept: slept)
        follower.policy.fastInterval = 1
        follower.policy.idleCap = 8
        _ = try await follower.follow(jobID: "ftjob-1") { _ in }
        let pauses = slept.values
        // Fast after the first read (a status seen is news), then doubling to the cap while idle.
        #expect(Array(pauses.prefix(5)) == [1, 2, 4, 8, 8])
        #expect(pauses.max() == 8)
        // The line at request 16 makes the next pause the fast one again.
        #expect(pauses.dropFirst(4).contains(1), "\(pauses)")
    }

    @Test func retryAfterIsHonouredAndTheFollowGoesOn() async throws {
        let server = FollowServer()
        server.addEvents(5)
        server.before = { n, s in
            if n == 0 { return .success(FollowServer.error(429, retryAfter: "7")) }
            if n == 1 { return .success(FollowServer.error(503)) }
            if n == 2 { return .failure(FTError(.network, what: "", why: "connection reset")) }
            if n > 3 { s.status = "failed" }
            return nil
        }
        let slept = Recorder<Double>()
        let updates = Recorder<FollowUpdate>()
        var follower = pretendFollower(server, slept: slept)
        follower.policy.retryBase = 0.5
        let outcome = try await follower.follow(jobID: "ftjob-1") { updates.add($0) }
        #expect(Array(slept.values.prefix(3)) == [7, 1, 2])
        #expect(lines(updates) == (0..<5).map { "line \($0)" })
        #expect(outcome.outages == 1)
        #expect(outcome.job.status == .failed)
        #expect(updates.values.contains { if case .reconnected = $0 { return true } else { return false } })
    }

    @Test func anOutageLongerThanTheLimitEndsWithAClearError() async throws {
        let server = FollowServer()
        server.before = { _, _ in .failure(FTError(.network, what: "list events", why: "connection refused")) }
        let slept = Recorder<Double>()
        var follower = pretendFollower(server, slept: slept)
        follower.policy.maxOutage = 60
        follower.policy.retryCap = 16
        let error = await #expect(throws: FTError.self) { _ = try await follower.follow(jobID: "ftjob-1") { _ in } }
        #expect(error?.code == .network)
        #expect(error?.what == "follow job ftjob-1")
        #expect(error?.why.contains("no usable answer for 1m") == true, "\(error?.why ?? "")")
        #expect(error?.why.contains("connection refused") == true)
        // The waits grow and stop at the limit exactly.
        #expect(slept.values == [0.5, 1, 2, 4, 8, 16, 16, 12.5])
        #expect(slept.values.reduce(0, +) == 60)
    }

    @Test func aPermanentErrorEndsTheFollowAtOnce() async throws {
        let server = FollowServer()
        server.before = { _, _ in .success(HTTPResponse(status: 404, body: Data(#"{"error":{"message":"No such job"}}"#.utf8))) }
        let slept = Recorder<Double>()
        let error = await #expect(throws: FTError.self) { _ = try await pretendFollower(server, slept: slept).follow(jobID: "x") { _ in } }
        #expect(error?.code == .notFound)
        #expect(slept.values.isEmpty)
    }

    @Test func startsAfterTailOrAfterAnEvent() async throws {
        for (start, expected) in [(FollowStart.tail(3), [7, 8, 9, 10]), (.after("ev-8"), [9, 10])] {
            let server = FollowServer()
            server.addEvents(10)
            server.before = { n, s in
                if n == 2 { s.addEvents(1) }
                if n == 3 { s.status = "cancelled" }
                return nil
            }
            let updates = Recorder<FollowUpdate>()
            let outcome = try await pretendFollower(server, slept: Recorder()).follow(jobID: "j", from: start) { updates.add($0) }
            #expect(lines(updates) == expected.map { "line \($0)" })
            #expect(outcome.job.status == .cancelled)
        }
        let server = FollowServer()
        server.addEvents(3)
        let error = await #expect(throws: FTError.self) {
            _ = try await pretendFollower(server, slept: Recorder()).follow(jobID: "j", from: .after("ev-nope")) { _ in }
        }
        #expect(error?.code == .notFound)
    }

    @Test func withoutEventsStatusChangesAreTheLines() async throws {
        let server = FollowServer()
        server.before = { n, s in
            s.status = ["queued", "queued", "running", "running", "running", "succeeded"][min(n, 5)]
            return nil
        }
        let updates = Recorder<FollowUpdate>()
        let follower = pretendFollower(server, .truefoundry, slept: Recorder())
        #expect(follower.mode == .status)
        let outcome = try await follower.follow(jobID: "ftjob-7") { updates.add($0) }
        #expect(lines(updates) == ["Job ftjob-7 is queued", "Job ftjob-7 is running", "Job ftjob-7 is succeeded"])
        #expect(outcome.job.status == .succeeded)
        #expect(server.eventRequests.isEmpty)
    }

    @Test func theSequenceAPIEndsWithTheOutcome() async throws {
        let server = FollowServer()
        server.addEvents(4)
        server.status = "succeeded"
        var seen: [String] = []
        var finished: FollowOutcome?
        for try await update in pretendFollower(server, slept: Recorder()).updates(jobID: "j") {
            switch update {
            case .line(let e): seen.append(e.message)
            case .finished(let o): finished = o
            default: break
            }
        }
        #expect(seen == ["line 0", "line 1", "line 2", "line 3"])
        #expect(finished?.job.status == .succeeded)
    }

    @Test func policyArithmetic() {
        var p = FollowPolicy()
        p.fastInterval = 1
        p.idleCap = 10
        p.jitter = 0
        #expect(p.nextInterval(after: 1, gotLines: false) == 2)
        #expect(p.nextInterval(after: 8, gotLines: false) == 10)
        #expect(p.nextInterval(after: 10, gotLines: true) == 1)
        #expect(p.retryDelay(attempt: 0, retryAfter: nil) == 0.5)
        #expect(p.retryDelay(attempt: 20, retryAfter: nil) == p.retryCap)
        #expect(p.retryDelay(attempt: 3, retryAfter: 2) == 2)
        #expect(p.retryDelay(attempt: 0, retryAfter: 1e9) == p.maxRetryAfter)
        #expect(p.retryDelay(attempt: 0, retryAfter: .nan) == 0.5)
    }
}
