import FineTuning
import FTCore
import Foundation
import Testing

/// An id given as '' must not reach the server: on every provider, `GET .../jobs/` is a list (read
/// as one job it printed a job with no id and exit 0) and `POST .../jobs//cancel` is nobody's path.
@Suite("empty ids are refused before anything is sent")
struct EmptyIDTests {
    static let providers = ProviderDeclaration.all.map(\.id.rawValue)

    @Test(arguments: providers)
    func everyIDTakingOperationRefusesAnEmptyID(_ provider: String) async throws {
        let route = provider == "portkey" ? ["PORTKEY_PROVIDER": "openai"] : [:]
        let adapter = try ProviderFactory.make(try CreateRequestSnapshotTests.settings(provider, route))
        let client = FTClient(provider: adapter, transport: NoTransport(), apiKey: "KEY")
        var tried = 0
        func refuses<T>(_ make: () throws -> Endpoint<T>) async {
            // An operation this provider does not have throws `unsupported` before any path exists.
            guard let endpoint = try? make() else { return }
            tried += 1
            let error = await #expect(throws: FTError.self) { _ = try await client.send(endpoint) }
            #expect(error?.code == .usage, "\(provider) \(endpoint.request.operation): \(String(describing: error))")
            #expect(error?.why.contains("empty segment") == true, "\(String(describing: error?.why))")
        }
        await refuses { try adapter.getJob("") }
        await refuses { try adapter.perform(.cancel, jobID: "") }
        await refuses { try adapter.listEvents(jobID: "", EventQuery()) }
        await refuses { try adapter.getFile("") }
        await refuses { try adapter.deleteFile("") }
        #expect(tried >= 2, "\(provider): every provider gets jobs and files by id")
    }

    @Test func wellFormedPathsAndSignedURLsAreLeftAlone() {
        let ok = ["https://api.example.com/v1/fine_tuning/jobs", "http://127.0.0.1:8080/v1/fine_tuning/jobs/ftjob-1?limit=20&after=a//b",
                  "https://api.example.com", "https://api.example.com/", "https://h/v1/files/a%2F%2Fb/content#x//"]
        for url in ok { #expect(HTTPRequest(method: .get, url: url, operation: "t").pathWithEmptySegment == nil, "\(url)") }
        let bad = ["https://api.example.com/v1/fine_tuning/jobs/": "/v1/fine_tuning/jobs/",
                   "https://api.example.com/v1/fine_tuning/jobs//cancel": "/v1/fine_tuning/jobs//cancel",
                   "http://h:1/v1/files/?purpose=x": "/v1/files/"]
        for (url, path) in bad { #expect(HTTPRequest(method: .get, url: url, operation: "t").pathWithEmptySegment == path) }
    }
}
