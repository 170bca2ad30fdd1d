import FTTestSupport
import FineTuning
import Foundation
import Testing

/// The real client over libcurl against answers no provider should give: each is one clear
/// FTError, never a crash, a hang or unbounded memory.
@Suite("hostile responses over a real socket")
struct HostileResponseTests {
    func client(_ server: TestServer, _ kind: String, maxBody: Int = 64 << 20) throws -> FTClient {
        try FTClient.connect(provider: .openai, baseURL: server.baseURL + "/hostile/\(kind)/v1", apiKey: "sk-hostile-canary",
                             maxRetries: 0, transport: CurlTransport(options: .init(timeout: 20, maxBodyBytes: maxBody)))
    }

    func failure(_ kind: String, maxBody: Int = 64 << 20, list: Bool = false) async throws -> FTError? {
        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        let c = try client(server, kind, maxBody: maxBody)
        do {
            if list { _ = try await c.send(try c.provider.listJobs(JobQuery(limit: 5))) }
            else { _ = try await c.send(try c.provider.getJob("ftjob-1")) }
            return nil
        } catch let e as FTError {
            return e
        }
    }

    @Test func anHTMLErrorPageFromAProxyIsNamedAsSuch() async throws {
        let e = try #require(try await failure("html-502"))
        #expect(e.why.contains("the server answered with an HTML page (a proxy or a wrong --base-url?)"))
        #expect(e.code == .unavailable)
        let ok = try #require(try await failure("html-200"))
        #expect(ok.code == .badResponse)
        #expect(ok.why.contains("HTML page"))
    }

    @Test func deepNestingIsRefusedBeforeDecoding() async throws {
        let e = try #require(try await failure("deep"))
        #expect(e.code == .badResponse)
        #expect(e.why.contains("nests deeper than 128"))
    }

    @Test func aBodyOverTheCapStopsWithAClearError() async throws {
        let e = try #require(try await failure("huge", maxBody: 1 << 20))
        #expect(e.code == .badResponse)
        #expect(e.why.contains("larger than 1 MiB"))
    }

    @Test func wrongTypesAndUnknownEnumsReadLeniently() async throws {
        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        let c = try client(server, "unknown-enum")
        let job = try await c.send(try c.provider.getJob("ftjob-1"))
        #expect(job.status.rawValue == "levitating")
        let w = try client(server, "wrong-types")
        // Either read leniently or refused in a sentence; never a trap.
        if let job = try? await w.send(try w.provider.getJob("x")) { #expect(job.createdAt == nil) }
        let e = try #require(try await failure("not-json"))
        #expect(e.code == .badResponse)
    }

    @Test func credentialsEchoedInAnErrorBodyAreMasked() async throws {
        let e = try #require(try await failure("echo-auth"))
        let shown = SecretBook(["sk-hostile-canary"]).redactor.redact(error: e)
        #expect(!shown.description.contains("sk-hostile-canary"))
        #expect(!(shown.responseBody ?? "").contains("sk-hostile-canary"))
    }

    @Test func aRedirectToAnotherHostIsRefusedSoNoHeaderLeavesForIt() async throws {
        let api = try await TestServer.start(EchoRoutes.router())
        let other = try await TestServer.start(EchoRoutes.router())
        defer { api.stop(); other.stop() }
        let wire = CurlTransport()
        var r = HTTPRequest(method: .get, url: api.baseURL + "/redirect-to?to=" + (other.baseURL + "/echo"), operation: "probe")
        r.headers["X-API-Key"] = "sk-redirect-canary"
        r.headers["x-portkey-api-key"] = "sk-redirect-canary"
        r.headers["Authorization"] = "Bearer sk-redirect-canary"
        let e = await #expect(throws: FTError.self) { try await wire.send(r) }
        #expect(e?.why.contains("redirected to another host") == true)
        // Within the same origin, redirects are still followed.
        let same = try await wire.send(HTTPRequest(method: .get, url: api.baseURL + "/redirect-to?to=/echo%3Fagain=1"))
        #expect(same.status == 200)
    }

    @Test func plainHTTPToAnotherHostIsRefusedUnlessAllowed() throws {
        #expect(throws: FTError.self) { try FTClient.connect(baseURL: "http://api.example.com/v1", apiKey: "k") }
        do {
            _ = try FTClient.connect(baseURL: "http://api.example.com/v1", apiKey: "k")
        } catch let e as FTError {
            #expect(e.code == .config)
            #expect(e.why.contains("unencrypted"))
        }
        _ = try FTClient.connect(baseURL: "http://api.example.com/v1", apiKey: "k", allowInsecureHTTP: true)
        for local in ["http://127.0.0.1:9/v1", "http://localhost:8080/v1", "http://[::1]:8080/v1"] {
            _ = try FTClient.connect(baseURL: local, apiKey: "k")
        }
    }
}
