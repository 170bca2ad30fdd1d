import FTTestSupport
import Foundation
import Testing

@Suite("ftctl-sandbox as a program")
struct SandboxBinaryTests {
    /// Start-up output is the contract's: one `<provider-id> <base-url>` line per provider, then `ready`.
    @Test(arguments: [["ftctl-sandbox"], ["ftctl", "sandbox"]])
    func printsBaseURLsThenReady(command: [String]) async throws {
        let folder = NSTemporaryDirectory() + "ftctl-sandbox-bin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = try BackgroundProcess(Binaries.path(command[0]), Array(command.dropFirst()) + ["--port", "0", "--speed", "50"],
                                            environment: ["PATH": "/usr/bin:/bin"], directory: folder)
        defer {
            process.kill()
            try? FileManager.default.removeItem(atPath: folder)
        }
        _ = await BackgroundProcess.until(timeout: 30) { process.stdout.contains("ready\n") || !process.isRunning }
        let text = process.stdout
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 7, "\(text)")
        #expect(lines.last == "ready")
        let ids = lines.dropLast().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(ids == ["openai", "portkey", "nebius", "truefoundry", "generic-v1", "together"])
        let port = try #require(lines.first?.split(separator: ":").last.flatMap { Int($0.split(separator: "/").first ?? "") })
        #expect(lines[0] == "openai http://127.0.0.1:\(port)/v1")
        #expect(lines[3] == "truefoundry http://127.0.0.1:\(port)")
        #expect(lines[5] == "together http://127.0.0.1:\(port)/together/v1")
        // And it answers: the key it was given is accepted.
        let b = Binaries(["OPENAI_API_KEY": "sk-sandbox"])
        let r = try await b.ftctl(["jobs", "list", "--base-url", "http://127.0.0.1:\(port)/v1", "-o", "json"])
        r.expectSuccess()
        #expect(r.stdout == "[]\n")
    }

    @Test func badFlagsAreUsageErrors() async throws {
        let b = Binaries()
        let r = try await b.run(Binaries.path("ftctl-sandbox"), ["--faults", "2:boom"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("--faults"))
    }
}
