import FineTuning
import FTCore
import Foundation
import Testing

/// An id given as '', '.' or '..' must not reach the server. On every provider, `GET .../jobs/` is a
/// list, which read as one job printed a job with no id and exit 0; libcurl shortens `/jobs/.` to
/// that; and `POST .../jobs//cancel` is nobody's path.
@Suite("unusable ids are refused before anything is sent")
struct EmptyIDTests {
    static let providers = ProviderDeclaration.all.map(\.id.rawValue)

    @Test(arguments: providers)
    func everyIDTakingOperationRefusesAnUnusableID(_ provider: String) async throws {
        let route = provider == "portkey" ? ["PORTKEY_PROVIDER": "openai"] : [:]
        let adapter = try ProviderFactory.make(try CreateRequestSnapshotTests.settings(provider, route))
        // NoTransport fails the test if anything is sent.
        let client = FTClient(provider: adapter, transport: NoTransport(), apiKey: "KEY")
        var refusedByPath = 0
        func refuses<T>(_ id: String, _ make: (String) throws -> Endpoint<T>) async {
            let endpoint: Endpoint<T>
            do {
                endpoint = try make(id)
            } catch let e as FTError {
                // An operation the provider lacks, a setting it needs first (TrueFoundry's files
                // need its provider name), or an id its own rule refuses (Together's job ids start
                // with `ft-`): refused before any request exists, which is the point.
                #expect([.unsupported, .config, .notFound].contains(e.code), "\(provider) \(id): \(e)")
                return
            } catch {
                Issue.record("\(provider) \(id): \(error)")
                return
            }
            let error = await #expect(throws: FTError.self) { _ = try await client.send(endpoint) }
            #expect(error?.code == .usage, "\(provider) \(endpoint.request.operation): \(String(describing: error))")
            #expect(error?.why.contains("'.' or '..' segment") == true, "\(String(describing: error?.why))")
            refusedByPath += 1
        }
        for id in ["", ".", ".."] {
            await refuses(id) { try adapter.getJob($0) }
            await refuses(id) { try adapter.perform(.cancel, jobID: $0) }
            await refuses(id) { try adapter.listEvents(jobID: $0, EventQuery()) }
            await refuses(id) { try adapter.getFile($0) }
            await refuses(id) { try adapter.deleteFile($0) }
        }
        #expect(refusedByPath >= 3, "\(provider): every provider gets jobs or files by id, so the path check is reached")
    }

    @Test func wellFormedPathsAreLeftAloneAndUnusableOnesNamed() {
        let ok = ["https://api.example.com/v1/fine_tuning/jobs", "http://127.0.0.1:8080/v1/fine_tuning/jobs/ftjob-1?limit=20&after=a//b",
                  "https://api.example.com", "https://api.example.com/", "https://h/v1/files/a%2F%2Fb/content#x//",
                  "https://h/v1/files/a.b/content", "https://h/v1/files/...x"]
        for url in ok { #expect(HTTPRequest(method: .get, url: url, operation: "t").pathWithUnusableSegment == nil, "\(url)") }
        let bad = ["https://api.example.com/v1/fine_tuning/jobs/": "/v1/fine_tuning/jobs/",
                   "https://api.example.com/v1/fine_tuning/jobs//cancel": "/v1/fine_tuning/jobs//cancel",
                   "http://h:1/v1/files/?purpose=x": "/v1/files/",
                   "http://h/v1/fine_tuning/jobs/.": "/v1/fine_tuning/jobs/.",
                   "http://h/v1/files/../content": "/v1/files/../content"]
        for (url, path) in bad { #expect(HTTPRequest(method: .get, url: url, operation: "t").pathWithUnusableSegment == path) }
    }

    /// A URL a server handed out (sent without credentials, as Together's signed upload URL) is
    /// sent as it is, even with `//` in it.
    @Test func aSignedURLIsTheServersToShape() async throws {
        let wire = ScriptedTransport([.success(HTTPResponse(status: 200))])
        let client = FTClient(provider: TestProvider(), transport: wire, apiKey: "KEY")
        var signed = HTTPRequest(method: .put, url: "https://bucket.example.com/uploads//file-1?sig=x", operation: "upload")
        signed.sendsCredentials = false
        try await client.send(Endpoint(signed) { _ in () })
        #expect(wire.requests.map(\.url) == [signed.url])
        var own = signed
        own.sendsCredentials = true
        await #expect(throws: FTError.self) { try await client.send(Endpoint(own) { _ in () }) }
        #expect(wire.requests.count == 1)
    }

    /// A base URL with an empty or dot segment is a configuration error, named as such (78), not
    /// every request's "empty id".
    @Test func aBaseURLWithAnEmptySegmentIsAConfigError() throws {
        let settings = try CreateRequestSnapshotTests.settings("openai", ["FTCTL_BASE_URL": "https://api.example.com//v1"])
        let error = #expect(throws: FTError.self) { _ = try settings.requireBaseURL() }
        #expect(error?.code == .config && error?.what == "base URL", "\(String(describing: error))")
        let fine = try CreateRequestSnapshotTests.settings("openai", ["FTCTL_BASE_URL": "https://api.example.com/v1//"])
        #expect(try fine.requireBaseURL() == "https://api.example.com/v1//")
    }
}
