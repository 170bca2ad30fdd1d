import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

@Suite("TLS: verification is always on; a custom CA bundle is honoured")
struct TLSTests {
    @Test func anUnknownCertificateIsRefusedAndTrustedWithItsBundle() async throws {
        try await TLSTestServer.serve { server in
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

    /// The server ends with the test: once stopped, its process (python's own pid) is gone, not
    /// left running with the SIGTERM it inherited blocked.
    @Test func theServerIsGoneOnceStopped() async throws {
        let server = try await TLSTestServer.start()
        #expect(kill(server.pid, 0) == 0, "the server should be running before stop")
        await server.stop()
        errno = 0
        #expect(kill(server.pid, 0) == -1 && errno == ESRCH, "pid \(server.pid) is still there after stop")
        #expect(!FileManager.default.fileExists(atPath: server.certificatePath))
    }
}
