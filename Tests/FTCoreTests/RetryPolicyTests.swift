import FTCore
import Foundation
import Testing

/// The policy itself, exact: the middleware over a scripted transport, randomness and sleep injected.
@Suite("retry policy: what is retried, how long it waits")
struct RetryPolicyTests {
    func request(_ safety: RetrySafety, method: HTTPMethod = .post) -> HTTPRequest {
        var r = HTTPRequest(method: method, url: "https://api.example.com/v1/x", operation: "probe")
        r.retry = safety
        return r
    }

    func run(_ r: HTTPRequest, _ script: [Result<HTTPResponse, FTError>], maxRetries: Int = 3,
             random: Double = 0) async -> (Result<HTTPResponse, any Error>, [Double], [RetryMiddleware.Note], Int) {
        let wire = ScriptedTransport(script)
        let sleeps = SleepLog()
        let notes = NoteLog()
        let retry = RetryMiddleware(maxRetries: maxRetries, sleep: { sleeps.record($0) }, random: { random }, onRetry: { notes.add($0) })
        let t = MiddlewareTransport(wire, middlewares: [retry])
        let result: Result<HTTPResponse, any Error>
        do { result = .success(try await t.send(r)) } catch { result = .failure(error) }
        return (result, sleeps.delays, notes.all, wire.requests.count)
    }

    static let ok = HTTPResponse(status: 200, headers: ["content-type": "application/json"], body: Data("{}".utf8))
    static func status(_ s: Int, _ headers: HTTPHeaders = [:]) -> Result<HTTPResponse, FTError> { .success(HTTPResponse(status: s, headers: headers)) }
    static var broken: Result<HTTPResponse, FTError> { .failure(FTError(.network, what: "", why: "the connection was reset")) }

    @Test func backoffDoublesFromHalfASecondCappedAtEightWithUpToAQuarterOff() async {
        let r = RetryMiddleware(maxRetries: 10, random: { 0 })
        #expect((0..<6).map { r.delay(attempt: $0, retryAfter: nil) } == [0.5, 1, 2, 4, 8, 8])
        let jittered = RetryMiddleware(maxRetries: 10, random: { 0.999_999 })
        #expect(abs(jittered.delay(attempt: 0, retryAfter: nil) - 0.375) < 1e-5)
        #expect(abs(jittered.delay(attempt: 9, retryAfter: nil) - 6) < 1e-4)
    }

    @Test func aSafeRequestIsRetriedAfterEveryTransientFailure() async {
        let script: [Result<HTTPResponse, FTError>] = [Self.broken, Self.status(408), Self.status(409), Self.status(500), Self.status(502),
                                                      .failure(FTError(.timeout, what: "", why: "timed out")), .success(Self.ok)]
        let (result, sleeps, notes, sent) = await run(request(.safe), script, maxRetries: 6, random: 0.5)
        #expect((try? result.get())?.status == 200)
        #expect(sent == 7)
        #expect(sleeps == [0.4375, 0.875, 1.75, 3.5, 7, 7])
        #expect(notes.map(\.attempt) == [1, 2, 3, 4, 5, 6])
        #expect(notes.first?.line == "* retrying in 0.44s (attempt 1/6): the connection was reset")
    }

    @Test(arguments: [RetrySafety.unsafe, .afterLookup])
    func aCreateIsNotResentAfterAFailureThatMayHaveTakenEffect(safety: RetrySafety) async {
        for failure in [Self.broken, Self.status(500), Self.status(503), Self.status(409),
                        .success(HTTPResponse(status: 200, headers: ["content-type": "application/json"], body: Data("{\"id\":".utf8)))] {
            let (_, _, _, sent) = await run(request(safety), [failure])
            #expect(sent == 1, "\(failure)")
        }
    }

    @Test(arguments: [RetrySafety.unsafe, .afterLookup])
    func aCreateIsResentWhenTheServerSurelyDidNotActOnIt(safety: RetrySafety) async {
        var refused = FTError(.network, what: "", why: "connection refused by 127.0.0.1:9")
        refused.neverSent = true
        let (result, _, _, sent) = await run(request(safety), [.failure(refused), Self.status(429), Self.status(408),
                                                               Self.status(500, ["x-should-retry": "true"]), .success(Self.ok)], maxRetries: 4)
        #expect((try? result.get())?.status == 200)
        #expect(sent == 5)
    }

    @Test func xShouldRetryFalseStopsEvenASafeRetry() async {
        let (result, _, _, sent) = await run(request(.safe, method: .get), [Self.status(503, ["x-should-retry": "false"])])
        #expect((try? result.get())?.status == 503)
        #expect(sent == 1)
    }

    @Test func aJSONAnswerCutShortIsRetriedWhenSafe() async {
        let cut = HTTPResponse(status: 200, headers: ["content-type": "application/json"], body: Data("{\"object\":\"li".utf8))
        let (result, _, notes, sent) = await run(request(.safe, method: .get), [.success(cut), .success(Self.ok)])
        #expect((try? result.get())?.body == Data("{}".utf8))
        #expect(sent == 2)
        #expect(notes.first?.reason == "the answer was cut short")
    }

    @Test func retryAfterMsAndSecondsAndDatesAreHonouredUpToTheCap() async {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RetryMiddleware.retryAfter(["retry-after-ms": "250"]) == 0.25)
        #expect(RetryMiddleware.retryAfter(["Retry-After": "3"]) == 3)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = f.string(from: now.addingTimeInterval(5))
        #expect(RetryMiddleware.retryAfter(["Retry-After": date], now: now) == 5)
        for junk in ["nan", "-1", "1e999", "soon", ""] { #expect(RetryMiddleware.retryAfter(["Retry-After": junk]) == nil, "\(junk)") }
        let r = RetryMiddleware(maxRetries: 2, random: { 0 })
        #expect(r.delay(attempt: 0, retryAfter: 7) == 7)
        // Beyond the 10 s cap, the policy's own backoff.
        #expect(r.delay(attempt: 1, retryAfter: 86_400) == 1)
    }

    @Test func aStreamedDownloadIsNotReplayed() async {
        final class Sink: ResponseSink, @unchecked Sendable { func receive(_ chunk: UnsafeRawBufferPointer) throws {} }
        var r = request(.safe, method: .get)
        r.sink = Sink()
        let (_, _, _, sent) = await run(r, [Self.broken])
        #expect(sent == 1)
    }
}

final class NoteLog: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [RetryMiddleware.Note] = []
    var all: [RetryMiddleware.Note] { lock.withLock { notes } }
    func add(_ n: RetryMiddleware.Note) { lock.withLock { notes.append(n) } }
}
