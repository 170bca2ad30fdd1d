import FTCore
import Foundation
import Testing

/// An in-memory transport that answers from a script and records what it was sent; any request
/// beyond the script fails the test.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<HTTPResponse, FTError>]
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Result<HTTPResponse, FTError>]) { self.script = script }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let next = take(request) else {
            Issue.record("unexpected request \(request.method) \(request.url)")
            throw FTError(.internalError, what: "test", why: "unscripted request")
        }
        return try next.get()
    }

    private func take(_ request: HTTPRequest) -> Result<HTTPResponse, FTError>? {
        lock.withLock {
            requests.append(request)
            return script.isEmpty ? nil : script.removeFirst()
        }
    }
}

final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var delays: [Double] = []
    func record(_ d: Double) { lock.lock(); delays.append(d); lock.unlock() }
}

@Suite("retry and client errors over an in-memory transport")
struct RetryMiddlewareTests {
    static let provider = TestProvider()

    @Test func rateLimitIsRetriedHonouringRetryAfter() async throws {
        let wire = ScriptedTransport([
            .success(HTTPResponse(status: 429, headers: ["Retry-After": "7"])),
            .success(HTTPResponse(status: 200, body: Data(#"{"ok":true}"#.utf8))),
        ])
        let sleeps = SleepLog()
        let client = FTClient(provider: Self.provider, transport: wire, apiKey: "k", maxRetries: 2,
                              retrySleep: { sleeps.record($0) })
        let out = try await client.send(Self.provider.probe(.post))
        #expect(out == true)
        #expect(wire.requests.count == 2)
        #expect(sleeps.delays == [7])
    }

    @Test func aServerErrorIsNotRetriedForPOSTButIsForGET() async throws {
        let post = ScriptedTransport([.success(HTTPResponse(status: 500, body: Data(#"{"error":{"message":"boom"}}"#.utf8)))])
        let c1 = FTClient(provider: Self.provider, transport: post, apiKey: "k", maxRetries: 3, retrySleep: { _ in })
        let e1 = await #expect(throws: FTError.self) { try await c1.send(Self.provider.probe(.post)) }
        #expect(e1?.code == .unavailable)
        #expect(e1?.why == "boom (HTTP 500)")
        #expect(post.requests.count == 1)

        let get = ScriptedTransport([
            .success(HTTPResponse(status: 502)), .success(HTTPResponse(status: 502)),
            .success(HTTPResponse(status: 200, body: Data("{}".utf8))),
        ])
        let c2 = FTClient(provider: Self.provider, transport: get, apiKey: "k", maxRetries: 3, retrySleep: { _ in })
        _ = try await c2.send(Self.provider.probe(.get))
        #expect(get.requests.count == 3)
    }

    @Test func retriesStopAtTheLimitAndReportUnavailable() async throws {
        let wire = ScriptedTransport(Array(repeating: .success(HTTPResponse(status: 503)), count: 3))
        let client = FTClient(provider: Self.provider, transport: wire, apiKey: "k", maxRetries: 2, retrySleep: { _ in })
        let e = await #expect(throws: FTError.self) { try await client.send(Self.provider.probe(.get)) }
        #expect(e?.code == .unavailable)
        #expect(wire.requests.count == 3)
    }

    @Test func aRefusedConnectionIsRetriedEvenForPOST() async throws {
        var refused = FTError(.network, what: "", why: "connection refused by 127.0.0.1:9")
        refused.neverSent = true
        let wire = ScriptedTransport([.failure(refused), .success(HTTPResponse(status: 200, body: Data("{}".utf8)))])
        let client = FTClient(provider: Self.provider, transport: wire, apiKey: "k", maxRetries: 1, retrySleep: { _ in })
        _ = try await client.send(Self.provider.probe(.post))
        #expect(wire.requests.count == 2)
    }

    @Test func everyRequestCarriesAuthUserAgentAndClientRequestID() async throws {
        let wire = ScriptedTransport([.success(HTTPResponse(status: 200, body: Data("{}".utf8)))])
        let client = FTClient(provider: Self.provider, transport: wire, apiKey: "sekrit", extraHeaders: ["X-Team": "ml"], retrySleep: { _ in })
        _ = try await client.send(Self.provider.probe(.get))
        let sent = try #require(wire.requests.first)
        #expect(sent.headers["Authorization"] == "Bearer sekrit")
        #expect(sent.headers["User-Agent"] == "ftctl/\(FTVersion.current)")
        #expect(sent.headers["X-Team"] == "ml")
        #expect(sent.headers["X-Client-Request-Id"]?.hasPrefix("ftctl-") == true)
    }

    @Test(arguments: [(401, "auth"), (403, "auth"), (404, "notFound"), (429, "unavailable"), (503, "unavailable"), (400, "httpStatus")])
    func statusesMapToErrorKinds(status: Int, kind: String) async throws {
        let wire = ScriptedTransport([.success(HTTPResponse(status: status, headers: ["x-request-id": "req_1"]))])
        let client = FTClient(provider: Self.provider, transport: wire, apiKey: "k", maxRetries: 0, retrySleep: { _ in })
        let e = await #expect(throws: FTError.self) { try await client.send(Self.provider.probe(.get)) }
        #expect(e?.code.description == kind)
        #expect(e?.requestID == "req_1")
        #expect(e?.description.contains("(request id req_1)") == true)
    }

    @Test func anUnreadableSuccessIsABadResponseNotACrash() async throws {
        let wire = ScriptedTransport([.success(HTTPResponse(status: 200, body: Data("<html>".utf8)))])
        let client = FTClient(provider: Self.provider, transport: wire, apiKey: "k", retrySleep: { _ in })
        let e = await #expect(throws: FTError.self) { try await client.send(Self.provider.probe(.get)) }
        #expect(e?.code == .badResponse)
    }
}

/// A provider with one endpoint, for exercising the client alone.
struct TestProvider: FineTuningProvider {
    var declaration: ProviderDeclaration {
        var d = ProviderDeclaration.openai
        d.capabilities = []
        return d
    }
    func authHeaders(apiKey: String) -> HTTPHeaders { ["Authorization": "Bearer \(apiKey)"] }

    func probe(_ method: HTTPMethod) -> Endpoint<Bool> {
        Endpoint(HTTPRequest(method: method, url: "http://example.test/probe", operation: "probe")) { r in
            guard let json = JSONValue.parse(r.body), json.object != nil else {
                throw FTError(.badResponse, what: "probe", why: "not JSON")
            }
            return true
        }
    }
}
