import FTTestSupport
import Foundation
import Testing

@Suite("ftctl over HTTPS")
struct TLSCommandTests {
    @Test func caBundleFromTheEnvironmentOrProfileIsHonoured() async throws {
        try await TLSTestServer.serve { server in
            let ftctl = FTCtlRunner(environment: ["OPENAI_API_KEY": "k", "FTCTL_BASE_URL": server.baseURL + "/v1"])
            let refused = try await ftctl.run(["jobs", "list", "--max-retries", "0"])
            refused.expectOneLineError(75, containing: "TLS with 127.0.0.1:\(server.port) failed")
            let viaEnv = try await ftctl.run(["jobs", "list"], env: ["CURL_CA_BUNDLE": server.certificatePath])
            #expect(viaEnv.code == 0, "\(viaEnv.stderr)")
            #expect(viaEnv.stdout.isEmpty)
            _ = try await ftctl.run(["config", "set", "ca_bundle", server.certificatePath])
            let viaProfile = try await ftctl.run(["jobs", "list", "-o", "json"])
            #expect(viaProfile.code == 0, "\(viaProfile.stderr)")
            #expect(viaProfile.stdout == "[]\n")
        }
    }
}
