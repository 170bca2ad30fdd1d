import FTCore
import FTCurl
import FTProviders
import FTSandbox
import FTTestSupport
import Foundation
import Testing

/// `ftctl jobs logs --follow` over the real transport against the sandbox with faults (resets,
/// 503s, 429s with Retry-After) and a sandbox restart mid-job on the same data dir: more than
/// 10,000 lines, each printed once and in order, and the exit code by outcome.
@Suite("follow: 10,000 lines through faults and a restart")
struct FollowEndToEndTests {
    enum Outcome: String, CaseIterable, Sendable {
        case succeeded, failed, cancelled
        var exitCode: Int32 { switch self { case .succeeded: 0; case .failed: 2; case .cancelled: 3 } }
    }

    /// 120 steps of 100 lines: 12,000 lines (10,800 for the late failure), in about 11 s at speed 3.
    static let speed = 3.0
    static let perStep = 100

    @Test(arguments: [("openai", Outcome.succeeded), ("openai", .failed), ("openai", .cancelled), ("generic-v1", .succeeded)])
    func everyLineOnceInOrderThroughFaultsAndARestart(provider: String, outcome: Outcome) async throws {
        let dir = NSTemporaryDirectory() + "ftctl-follow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = ["--speed", String(Self.speed), "--data-dir", dir + "/data", "--events-per-step", String(Self.perStep)]
        let faulty = base + ["--faults", "0.06:reset,503,429,truncate", "--seed", "3"]
        // Set up without faults (creating is not retried on a reset), then restart into them.
        var sandbox = try await SandboxProcess.start(base, directory: dir)
        let port = sandbox.port
        let env = ProviderEndToEndTests.env(provider, root: sandbox.root)
        let b = Binaries(env)
        let file = try await Binaries(ProviderEndToEndTests.env("openai", root: sandbox.root))
            // The cancelled job gets twice the steps, so the cancel has a wide window after step 101
            // even on a loaded machine.
            .ftctl(["files", "upload", try b.dataset(lines: outcome == .cancelled ? 240 : 120), "-q"]).trimmed
        var create = ["jobs", "create", "--model", outcome == .failed ? "model-fail-late" : "base-model", "--training-file", file,
                      "--epochs", "1", "--batch-size", "1", "-q"]
        if provider == "generic-v1" { create += ["--name", "follow-test"] }
        let made = try await b.ftctl(create)
        made.expectSuccess()
        let jobID = made.trimmed
        await sandbox.kill()
        sandbox = try await SandboxProcess.start(faulty, port: port, directory: dir)

        let follow = try BackgroundProcess(Binaries.path("ftctl"), ["jobs", "logs", jobID, "--follow", "-o", "json"],
                                           environment: b.runner.environment.merging(env) { $1 }, directory: b.home)
        defer { follow.kill() }
        // Mid-job (a quarter in, by the job's own step): kill the sandbox, wait until the follow
        // notices, start it again on the same port and data.
        let control = Self.client(root: sandbox.root, provider)
        #expect(await BackgroundProcess.until(timeout: 60, every: 0.1) { await Self.step(jobID, control) >= 30 })
        await sandbox.kill()
        #expect(await BackgroundProcess.until(timeout: 60) { follow.stderr.contains("reconnecting") }, "\(follow.stderr)")
        sandbox = try await SandboxProcess.start(faulty, port: port, directory: dir)
        if outcome == .cancelled { await cancelLate(jobID, control) }
        let code = await follow.wait()
        #expect(code == outcome.exitCode, "exit \(code): \(follow.stderr)")
        #expect(follow.stderr.contains("reconnected"), "\(follow.stderr)")

        // The whole history, read afterwards from a sandbox without faults, is exactly what was printed.
        await sandbox.kill()
        sandbox = try await SandboxProcess.start(base, port: port, directory: dir)
        let last = sandbox
        defer { last.process.kill() }
        let all = try await b.ftctl(["jobs", "logs", jobID, "-o", "json"])
        all.expectSuccess()
        let printed = follow.stdout.split(separator: "\n")
        let expected = all.stdout.split(separator: "\n")
        #expect(expected.count >= 10_000)
        #expect(printed.count == expected.count)
        #expect(printed == expected, "first difference at line \(zip(printed, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
        #expect(Set(printed).count == printed.count)
    }

    /// Cancels once more than 10,000 lines exist (step 101 of 240), through the faults.
    func cancelLate(_ jobID: String, _ client: FTClient) async {
        #expect(await BackgroundProcess.until(timeout: 60, every: 0.1) { await Self.step(jobID, client) >= 101 })
        // A reset on a POST is not retried by the client: try again until the job says it is cancelled.
        let done = await BackgroundProcess.until(timeout: 30, every: 0.1) {
            _ = try? await client.send(try client.provider.perform(.cancel, jobID: jobID))
            return (try? await client.send(try client.provider.getJob(jobID)))?.status == .cancelled
        }
        #expect(done)
    }

    /// The job's step as the sandbox has it, through faults.
    static func step(_ jobID: String, _ client: FTClient) async -> Int {
        (try? await client.send(try client.provider.getJob(jobID)))?.progress?.step ?? 0
    }

    /// A client with patient retries, for the test's own requests to a faulty sandbox.
    static func client(root: String, _ provider: String) -> FTClient {
        let adapter: any FineTuningProvider = provider == "generic-v1"
            ? GenericV1Provider(baseURL: root) : OpenAIStyleProvider(id: .openai, baseURL: root + "/v1")
        return FTClient(provider: adapter, transport: CurlTransport(options: .init(timeout: 20)), apiKey: "sk-sandbox",
                        maxRetries: 10, retrySleep: { _ in })
    }
}
