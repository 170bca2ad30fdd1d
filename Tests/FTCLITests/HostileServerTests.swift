import FTTestSupport
import Foundation
import Testing

/// ftctl against servers that misbehave: rate limits with hostile Retry-After values, and an
/// upload the server reads more slowly than --timeout allows for an API call.
@Suite("hostile servers")
struct HostileServerTests {
    static let retryAfters = ["nan", "-1", "inf", "1e309", "99999999999", "soon", "", "none",
                              "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "0x10", "86400"]

    @Test(arguments: retryAfters)
    func rateLimitsEndAfterTheRetriesWhateverRetryAfterSays(value: String) async throws {
        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        let ftctl = FTCtlRunner(environment: ["OPENAI_API_KEY": "sk-test"])
        let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
        let started = Date()
        let r = try await ftctl.run(["--base-url", "\(server.baseURL)/ra/\(encoded.isEmpty ? "%20" : encoded)/v1",
                                     "--max-retries", "2", "jobs", "list"])
        // A loose bound: the point is that no header makes ftctl sleep for minutes or hours.
        #expect(Date().timeIntervalSince(started) < 30, "Retry-After \(value)")
        r.expectOneLineError(69, containing: "Rate limit reached")
    }

    @Test func anUploadReadSlowerThanTheTimeoutStillSucceeds() async throws {
        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        let path = NSTemporaryDirectory() + "ftctl-slow-\(UUID().uuidString).jsonl"
        // 3 MB read a chunk at a time with a pause after each: well over the 1 s API-call limit.
        try Data(repeating: UInt8(ascii: "x"), count: 3 << 20).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ftctl = FTCtlRunner(environment: ["OPENAI_API_KEY": "sk-test"])
        let started = Date()
        let r = try await ftctl.run(["--base-url", server.baseURL + "/slow/v1", "--timeout", "1s", "files", "upload", path, "--no-validate", "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.trimmed == "file-slow")
        #expect(Date().timeIntervalSince(started) > 1, "the server read it in under the timeout, so this proves nothing")
    }
}

@Suite("Ctrl-C during an upload")
struct UploadInterruptTests {
    @Test func ctrlCStopsTheUploadAndKeepsNothing() async throws {
        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        let ftctl = FTCtlRunner(environment: ["OPENAI_API_KEY": "sk-test"])
        let path = ftctl.home + "/big.jsonl"
        // Read at a few hundred kB/s by the slow route: minutes for 64 MB, so the interrupt lands mid-upload.
        try Data(repeating: UInt8(ascii: "x"), count: 64 << 20).write(to: URL(fileURLWithPath: path))
        let upload = try BackgroundProcess(BinaryRunner.path("ftctl"),
                                           ["--base-url", server.baseURL + "/slow/v1", "files", "upload", path, "--no-validate"],
                                           environment: ftctl.runner.environment.merging(["OPENAI_API_KEY": "sk-test"]) { $1 },
                                           directory: ftctl.home)
        defer { upload.kill() }
        // Once it is reading the file into the request, press Ctrl-C.
        #expect(await BackgroundProcess.until(timeout: 30) { upload.bytesRead > 4 << 20 })
        upload.interrupt()
        let started = Date()
        let code = await upload.wait()
        #expect(code == 130, "\(upload.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(upload.stderr.contains("interrupted"))
        #expect(upload.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: ftctl.home + "/config/ftctl/upload-cache.json"))
    }
}
