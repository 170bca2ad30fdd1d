import FTCore
import FTSandbox
import Foundation
import Testing

/// Creates whose answers are lost (the sandbox's `lost-reply`: the job is made, then the
/// connection drops) on generic-v1, Together and through Portkey to every upstream: each create is found
/// again by what that provider really returns, so the server ends with exactly one job per
/// create and every one of them reported. The jobs are read from the sandbox's `--data-dir`,
/// not through the API, so a job no list can reach is still counted. (`scripts/bench.sh soak`
/// runs the same with more creates.)
@Suite("Lost create replies: no duplicate, no orphan")
struct LostReplyCreateTests {
    struct Route: Sendable, CustomStringConvertible {
        var description: String
        var env: @Sendable (RunningSandbox) -> [String: String]
        /// The create's arguments for the n-th job; each is told apart on the server by `key`.
        var args: @Sendable (Int, String?) -> [String]
        /// The stored field that tells create n's job apart, and its value.
        var key: String
        var value: @Sendable (Int) -> String
        var needsUpload = false
    }

    static let creates = Int(ProcessInfo.processInfo.environment["FTCTL_SOAK_CREATES"] ?? "") ?? 50

    static func portkey(_ upstream: String, file: @escaping @Sendable (Int) -> String) -> Route {
        Route(description: "portkey to \(upstream)",
              env: { PortkeyUpstreamTests.env(upstream, $0) },
              args: { n, _ in ["--model", "base-model", "--training-file", file(n), "--suffix", "s\(n)"] },
              key: "training_file", value: { file($0).removingPercentEncoding ?? file($0) })
    }

    static let routes: [Route] = [
        Route(description: "generic-v1",
              env: { ["FTCTL_PROVIDER": "generic-v1", "STRONGLY_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": $0.root] },
              args: { n, _ in ["--model", "llama-3.1-8b", "--training-file", "ds_train_001", "--name", "job-\(n)"] },
              key: "name", value: { "job-\($0)" }),
        Route(description: "portkey to openai",
              env: { ["FTCTL_PROVIDER": "portkey", "PORTKEY_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": $0.v1, "PORTKEY_PROVIDER": "openai"] },
              args: { n, file in ["--model", "gpt-4o-mini", "--training-file", file ?? "", "--suffix", "s\(n)"] },
              key: "suffix", value: { "s\($0)" }, needsUpload: true),
        portkey("bedrock") { "s3://bucket/train-\($0).jsonl" },
        portkey("fireworks-ai") { "ds-train-\($0)" },
        portkey("vertex-ai") { "gs://bucket/train-\($0).jsonl" },
        // Together keeps nothing to mark a create with: it is found by model, file and suffix.
        Route(description: "together",
              env: { TogetherTests.env($0.root) },
              args: { n, file in ["--model", TogetherTests.model, "--training-file", file ?? "", "--suffix", "s\(n)"] },
              key: "suffix", value: { "s\($0)" }, needsUpload: true),
    ]

    @Test(arguments: routes)
    func everyCreateEndsAsExactlyOneReportedJob(_ route: Route) async throws {
        let dir = NSTemporaryDirectory() + "ftctl-lost-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sandbox = try await RunningSandbox.start(speed: 0.01, faults: FaultSpec(rate: 0.3, kinds: [.lostReply]), dataDir: dir + "/data", seed: 5)
        defer { sandbox.stop() }
        var env = route.env(sandbox)
        env["HOME"] = dir + "/home"
        env["XDG_CONFIG_HOME"] = dir + "/home/config"
        env["NO_COLOR"] = "1"
        let ftctl = InProcessFtctl(environment: env)
        let patient = ["--max-retries", "12", "-y", "-o", "json"]

        var file: String?
        if route.needsUpload {
            let train = dir + "/train.jsonl"
            try FaultSoakTests.dataset(lines: 12).write(toFile: train, atomically: true, encoding: .utf8)
            let up = await ftctl.run(["files", "upload", train, "--no-validate", "--max-retries", "12", "-o", "json"])
            file = try #require(up.json?["id"]?.string, "\(up.stderr)")
        }
        let uploaded = file
        // Four at a time: the gateway shows Bedrock's first 20 jobs only, and more creates in flight
        // than that would push a lost job past it (then the outcome is unknown, never resent).
        let results = await inParallel(Array(0..<Self.creates), width: 4) { n in
            await ftctl.run(["jobs", "create"] + route.args(n, uploaded) + patient)
        }
        for (n, r) in results.enumerated() where r.code != 0 {
            Issue.record("\(route) create \(n): exit \(r.code) \(r.stderr)")
        }
        let reported = results.compactMap { $0.json?["id"]?.string }
        #expect(Set(reported).count == reported.count, "two creates reported one job")

        // The server's jobs, straight from its files.
        let jobsDir = dir + "/data/jobs"
        let stored = try FileManager.default.contentsOfDirectory(atPath: jobsDir).compactMap {
            FileManager.default.contents(atPath: jobsDir + "/" + $0).flatMap { JSONValue.parse($0) }
        }
        let byKey = Dictionary(grouping: stored, by: { $0[route.key]?.string ?? "" })
        let duplicates = byKey.values.map { $0.count - 1 }.reduce(0, +)
        let orphans = (0..<Self.creates).filter { results[$0].code != 0 && byKey[route.value($0)] != nil }.count
        #expect(duplicates == 0, "\(route): \(duplicates) duplicate jobs")
        #expect(orphans == 0, "\(route): \(orphans) jobs no create reported")
        #expect((0..<Self.creates).allSatisfy { byKey[route.value($0)]?.count == 1 }, "\(route): every create made its job")
    }
}
