import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

@Suite("TLS: verification is always on; a custom CA bundle is honoured")
struct TLSTests {
    @Test func anUnknownCertificateIsRefusedAndTrustedWithItsBundle() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let url = server.baseURL + "/v1/fine_tuning/jobs"

        let error = await #expect(throws: FTError.self) {
            try await CurlTransport(options: .init(timeout: 10)).send(HTTPRequest(method: .get, url: url))
        }
        #expect(error?.code == .tls)
        #expect(error?.hint?.contains("CA bundle") == true)

        let trusted = CurlTransport(options: .init(timeout: 10, caBundle: server.certificatePath))
        let response = try await trusted.send(HTTPRequest(method: .get, url: url))
        #expect(response.status == 200)
        #expect(response.json?["object"] == "list")
    }
}
