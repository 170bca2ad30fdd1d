import FTCore
import FTTestSupport
import Foundation
import Hummingbird
import Synchronization
import Testing

/// Watching rules and hooks end to end: real ftctl processes against the sandbox, whose jobs named
/// `*nan-loss*`, `*val-rising*` and `*stall*` misbehave on purpose.
@Suite("rules and hooks on running jobs")
struct RuleCommandTests {
    /// Slow enough that a job runs for about ten seconds, so a watch polling every 0.2 s sees it
    /// running even on a loaded machine.
    static let speed = 1.0

    static func create(_ b: Binaries, model: String, _ extra: [String]) async throws -> Binaries.Result {
        try await b.ftctl(["jobs", "create", "--model", model, "--training-file", try b.dataset(lines: 20), "-y", "--interval", "0.2s"] + extra)
    }

    @Test(arguments: [
        ("gpt-4o-mini-nan-loss", "loss:nan", "train loss is NaN"),
        ("gpt-4o-mini-val-rising", "val-loss-rising:3", "validation loss rose at each of the last 3"),
        ("gpt-4o-mini-stall", "stalled:1s", "no new step"),
        ("gpt-4o-mini", "cost:0.0000001", "spend so far"),
        ("gpt-4o-mini", "duration:1s", "over 1s"),
    ])
    func aCancelRuleStopsTheJobMadeToTripItAndExits8(model: String, rule: String, says: String) async throws {
        let sandbox = try await RunningSandbox.start(speed: Self.speed)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let r = try await Self.create(b, model: model, ["--wait", "--cancel-if", rule, "-q"])
        #expect(r.code == 8, "\(r.stderr)")
        #expect(r.stderr.contains("rule \(rule) fired"), "\(r.stderr)")
        #expect(r.stderr.contains(says), "\(r.stderr)")
        #expect(r.stderr.contains("cancelling the job"))
        let id = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("created job ") }.map { String($0.dropFirst(12)) })
        #expect(try await b.ftctl(["jobs", "get", id, "--field", "status"]).trimmed == "cancelled")
    }

    @Test func noRuleFiresOnAHealthyJob() async throws {
        let sandbox = try await RunningSandbox.start(speed: Self.speed)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let rules = ["loss:nan", "loss-spike:3", "val-loss-rising:3", "stalled:5s", "duration:1h", "cost:100"].flatMap { ["--cancel-if", $0] }
        let r = try await Self.create(b, model: "gpt-4o-mini", ["--validation-file", try b.dataset("valid.jsonl", lines: 12), "--follow"] + rules)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("fired"))
    }

    @Test func aWarningRuleOnlyWarnsAndWaitWatchesAnExistingJob() async throws {
        let sandbox = try await RunningSandbox.start(speed: Self.speed)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let id = try await Self.create(b, model: "gpt-4o-mini-nan-loss", ["-q"]).trimmed
        let r = try await b.ftctl(["jobs", "wait", id, "--warn-if", "loss:nan", "--interval", "0.2s"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: job \(id): rule loss:nan fired at step"), "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "fired").count == 2, "a rule fires once")
        #expect(try await b.ftctl(["jobs", "get", id, "--field", "status"]).trimmed == "succeeded")
    }

    @Test func rulesComeFromTheSpecFileToo() async throws {
        let sandbox = try await RunningSandbox.start(speed: Self.speed)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let spec = b.home + "/job.yaml"
        try "model: gpt-4o-mini-nan-loss\ncancel_if:\n  - loss:nan\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let r = try await Self.create(b, model: "gpt-4o-mini-nan-loss", ["-f", spec, "--wait", "-q"])
        #expect(r.code == 8, "\(r.stderr)")
        let bad = b.home + "/bad.yaml"
        try "model: m\nwarn_if: loss:high\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try await b.ftctl(["jobs", "create", "-f", bad, "--training-file", "file-x", "--wait", "--dry-run"])
        #expect(refused.code == 65)
        #expect(refused.stderr.hasPrefix("ftctl: \(bad): warn_if: "), "\(refused.stderr)")
    }

    @Test func aMalformedRuleIsAUsageErrorListingTheRules() async throws {
        let b = Binaries(["OPENAI_API_KEY": "sk-x"])
        let r = try await b.ftctl(["jobs", "wait", "ftjob-1", "--cancel-if", "loss:high"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("stalled:DURATION") && r.stderr.contains("val-loss-rising:N"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func hooksRunOncePerOutcomeWithTheJobsFacts() async throws {
        let sandbox = try await RunningSandbox.start(speed: Self.speed)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let log = b.home + "/hooks.log"
        let hook = "echo \"$FTCTL_OUTCOME $FTCTL_JOB_ID $FTCTL_JOB_STATUS $FTCTL_RULE\" >> \(log); cat >> \(log).json"
        let r = try await Self.create(b, model: "gpt-4o-mini-nan-loss",
                                      ["--wait", "--warn-if", "loss:nan", "--on-rule", hook, "--on-success", hook, "--on-failure", hook, "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let id = r.trimmed
        #expect(lines.sorted() == ["rule \(id)  loss:nan", "succeeded \(id) succeeded "].sorted(), "\(lines)")
        let stdin = try String(contentsOfFile: log + ".json", encoding: .utf8)
        #expect(stdin.contains("\"job_id\":\"\(id)\""))

        // A failing hook is reported and changes nothing; a hanging one is stopped at the limit.
        let failing = try await Self.create(b, model: "gpt-4o-mini", ["--wait", "--on-success", "exit 3", "-q"])
        #expect(failing.code == 0)
        #expect(failing.stderr.contains("hook --on-success for job \(failing.trimmed) exited 3"), "\(failing.stderr)")
        let hanging = try await Self.create(b, model: "gpt-4o-mini", ["--wait", "--on-success", "sleep 300", "--hook-timeout", "1s", "-q"])
        #expect(hanging.code == 0)
        #expect(hanging.stderr.contains("was stopped after 1s"), "\(hanging.stderr)")
    }

    @Test func aWebhookGetsOneMessagePerEventEvenAfterA503() async throws {
        let received = Mutex<[JSONValue]>([])
        let attempts = Mutex(0)
        let router = Router()
        router.post("/hook/secret-token") { request, _ -> Response in
            let first = attempts.withLock { n in n += 1; return n == 1 }
            if first { return Response(status: .serviceUnavailable) }
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            if let json = JSONValue.parse(Data(body.readableBytesView)) { received.withLock { $0.append(json) } }
            return Response(status: .ok)
        }
        let webhook = try await TestServer.start(router)
        defer { webhook.stop() }
        let sandbox = try await RunningSandbox.start(speed: Self.speed)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let r = try await Self.create(b, model: "gpt-4o-mini-nan-loss",
                                      ["--wait", "--warn-if", "loss:nan", "--notify", webhook.baseURL + "/hook/secret-token", "-v"])
        #expect(r.code == 0, "\(r.stderr)")
        let events = received.withLock { $0 }.compactMap { $0["event"]?.string }
        #expect(events.sorted() == ["rule", "succeeded"], "\(events)")
        #expect(received.withLock { $0 }.allSatisfy { $0["text"]?.string?.hasPrefix("ftctl: job ") == true })
        #expect(!r.stderr.contains("secret-token"), "the webhook's path is never printed")
    }
}
