import FTCore
import FTTestSupport
import Foundation
import Testing

/// OpenAI's full method set, checked by what the sandbox's journal saw arrive: the bodies must
/// be exactly as openai/openai-openapi `openapi.yaml` (commit f85dbe2) lays them out.
@Suite("OpenAI methods: reinforcement, DPO beta, ranges")
struct OpenAIMethodTests {
    /// The spec's own StringCheckGrader example (GraderStringCheck, oa:41110; also the example of
    /// `POST /fine_tuning/alpha/graders/validate`).
    static let grader: JSONValue = [
        "type": "string_check", "name": "Example string check grader", "input": "{{sample.output_text}}",
        "reference": "{{item.label}}", "operation": "eq",
    ]

    /// A sandbox with a journal, a client for it, and an uploaded training file's id.
    static func setUp(_ provider: String = "openai") async throws -> (RunningSandbox, Binaries, String, String) {
        let journal = SubmissionTests.journalPath()
        let sandbox = try await RunningSandbox.start(journal: journal)
        let b = Binaries(ProviderEndToEndTests.env(provider, sandbox))
        let up = try await b.ftctl(["files", "upload", try b.dataset(), "-o", "json"])
        up.expectSuccess()
        let id = try #require(JSONValue.parse(Data(up.stdout.utf8))?["id"]?.string)
        return (sandbox, b, id, journal)
    }

    func writeGrader(_ b: Binaries, _ value: JSONValue, name: String = "grader.json") throws -> String {
        let path = b.home + "/" + name
        try value.serialized().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func reinforcementWithAGraderReachesTheBodyAsTheSpecHasIt() async throws {
        let (sandbox, b, file, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let grader = try writeGrader(b, Self.grader)
        let r = try await b.ftctl(["jobs", "create", "--model", "o4-mini-2025-04-16", "--training-file", file, "--method", "reinforcement",
                                   "--grader", grader, "--reasoning-effort", "low", "--compute-multiplier", "auto",
                                   "--eval-interval", "5", "--eval-samples", "3", "--epochs", "2", "-y", "-q"])
        r.expectSuccess()
        let body = try #require(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last?["body"])
        // FineTuneMethod (oa:39974) with FineTuneReinforcementMethod: grader beside hyperparameters.
        let expected: JSONValue = [
            "type": "reinforcement",
            "reinforcement": [
                "grader": Self.grader,
                "hyperparameters": ["n_epochs": 2, "reasoning_effort": "low", "compute_multiplier": "auto",
                                    "eval_interval": 5, "eval_samples": 3],
            ],
        ]
        #expect(body["method"] == expected)
        #expect(body["hyperparameters"] == nil, "OpenAI's top-level hyperparameters are deprecated")
    }

    /// RFT is billed per training hour, which a file cannot predict: the plan names the rate and
    /// the model graders, and a budget cannot be held to it.
    @Test func reinforcementPlanGivesTheHourlyRateAndNoTotal() async throws {
        let (sandbox, b, _, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        // GraderScoreModel (oa:41030): a model grader, inside a multi grader (whose `graders` is one grader).
        let grader = try writeGrader(b, ["type": "multi", "name": "m", "calculate_output": "s",
                                         "graders": ["type": "score_model", "name": "s", "model": "gpt-4.1-2025-04-14",
                                                     "input": [["role": "user", "content": "{{sample.output_text}}"]]]])
        let args = ["jobs", "create", "--model", "o4-mini-2025-04-16", "--training-file", try b.dataset("rft.jsonl"),
                    "--method", "reinforcement", "--grader", grader, "--no-validate"]
        let dry = try await b.ftctl(args + ["--dry-run", "-o", "json"])
        dry.expectSuccess()
        let plan = try #require(JSONValue.parse(Data(dry.stdout.utf8)))
        #expect(plan["estimate_problem"]?.string?.contains("billed 100 USD per training hour") == true, "\(dry.stdout)")
        let capped = try await b.ftctl(args + ["--max-cost", "50", "-y"])
        #expect(capped.code == 7 && capped.stderr.contains("per training hour"), "\(capped.stderr)")
        #expect(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").isEmpty)
        let estimate = try await b.ftctl(["estimate", "--method", "reinforcement", "--model", "o4-mini", "--hours", "2-3",
                                          "--grader-model", "gpt-4.1-2025-04-14", "-o", "json"])
        estimate.expectSuccess()
        let e = try #require(JSONValue.parse(Data(estimate.stdout.utf8)))
        #expect([e["cost_usd"]?["low"]?.double, e["cost_usd"]?["expected"]?.double, e["cost_usd"]?["high"]?.double] == [200, 250, 300], "\(estimate.stdout)")
        #expect(e["cost"]?["basis"]?.string == "training_hours")
        #expect(e["assumptions"]?.array?.contains { $0.string?.contains("model grader gpt-4.1-2025-04-14") == true } == true)
    }

    @Test func aYAMLGraderWithAMultiOfOneGraderIsAccepted() async throws {
        let (sandbox, b, file, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let path = b.home + "/grader.yaml"
        // GraderMulti (oa:40899): `graders` is one grader (oneOf), label_model allowed there.
        try """
        type: multi
        name: both
        calculate_output: "label"
        graders:
          type: label_model
          name: label
          model: gpt-4o-mini
          input: [{role: user, content: "{{item.text}}"}]
          labels: [yes, no]
          passing_labels: [yes]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try await b.ftctl(["jobs", "create", "--model", "o4-mini", "--training-file", file, "--method", "reinforcement",
                           "--grader", path, "-y", "-q"]).expectSuccess()
        let body = try #require(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last?["body"])
        #expect(body["method"]?["reinforcement"]?["grader"]?["graders"]?["type"] == "label_model")
    }

    @Test func dpoBetaReachesTheBodyAsTheSpecHasIt() async throws {
        let (sandbox, b, file, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "--method", "dpo", "--beta", "0.1",
                           "--batch-size", "auto", "-y", "-q"]).expectSuccess()
        let body = try #require(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").last?["body"])
        // FineTuneDPOHyperparameters (oa:39910): beta is "auto" or 0 < beta <= 2.
        #expect(body["method"] == ["type": "dpo", "dpo": ["hyperparameters": ["beta": 0.1, "batch_size": "auto"]]])
    }

    /// Each case: the flag, a value just outside OpenAI's range, and the range the refusal names.
    @Test(arguments: [
        ("--batch-size", "257", "1 to 256"), ("--epochs", "51", "1 to 50"), ("--beta", "0", "0 < x <= 2"),
        ("--beta", "2.5", "0 < x <= 2"), ("--compute-multiplier", "10.5", "0.00001 < x <= 10"),
        ("--eval-interval", "0", "x >= 1"), ("--seed", "-1", "0 to 2147483647"), ("--seed", "2147483648", "0 to 2147483647"),
        ("--learning-rate-multiplier", "0", "x > 0"), ("--reasoning-effort", "max", "default, low, medium, high"),
    ])
    func outOfRangeValuesAreRefusedBeforeAnythingIsSent(flag: String, value: String, range: String) async throws {
        let (sandbox, b, file, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let grader = try writeGrader(b, Self.grader)
        let method = ["--beta": "dpo", "--compute-multiplier": "reinforcement", "--eval-interval": "reinforcement",
                      "--reasoning-effort": "reinforcement"][flag] ?? "supervised"
        // A negative number is written --flag=-1, or the parser reads it as an option.
        var args = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "--method", method, "-y"]
        args += value.hasPrefix("-") ? [flag + "=" + value] : [flag, value]
        if method == "reinforcement" { args += ["--grader", grader] }
        let r = try await b.ftctl(args)
        #expect(r.code == 64, "\(r.stderr)")
        #expect(r.stderr.contains(flag) && r.stderr.contains(range), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").isEmpty)
    }

    @Test func theEndsOfOpenAIsRangesAreAccepted() async throws {
        let (sandbox, b, file, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "--batch-size", "256", "--epochs", "50",
                           "--seed", "2147483647", "--suffix", String(repeating: "s", count: 64), "-y", "-q"]).expectSuccess()
        try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", file, "--seed", "0", "-y", "-q"]).expectSuccess()
        let bodies = sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").compactMap { $0["body"] }
        #expect(bodies.map { $0["seed"] } == [2_147_483_647, 0])
        #expect(bodies.first?["method"]?["supervised"]?["hyperparameters"] == ["n_epochs": 50, "batch_size": 256])
    }

    @Test func aGraderIsCheckedAndBelongsToReinforcementOnly() async throws {
        let (sandbox, b, file, journal) = try await Self.setUp()
        defer { sandbox.stop(); unlink(journal) }
        let base = ["jobs", "create", "--model", "o4-mini", "--training-file", file, "-y"]
        let noGrader = try await b.ftctl(base + ["--method", "reinforcement"])
        #expect(noGrader.code == 64 && noGrader.stderr.contains("--grader"), "\(noGrader.stderr)")
        let topLabel = try writeGrader(b, ["type": "label_model", "name": "l", "model": "m", "input": [], "labels": [], "passing_labels": []])
        let label = try await b.ftctl(base + ["--method", "reinforcement", "--grader", topLabel])
        #expect(label.code == 64 && label.stderr.contains("label_model"), "\(label.stderr)")
        let listMulti = try writeGrader(b, ["type": "multi", "name": "m", "calculate_output": "a", "graders": [Self.grader]])
        let multi = try await b.ftctl(base + ["--method", "reinforcement", "--grader", listMulti])
        #expect(multi.code == 64 && multi.stderr.contains("graders"), "\(multi.stderr)")
        let badOp = try writeGrader(b, ["type": "string_check", "name": "s", "input": "a", "reference": "b", "operation": "equals"])
        let op = try await b.ftctl(base + ["--method", "reinforcement", "--grader", badOp])
        #expect(op.code == 64 && op.stderr.contains("eq, ne, like, ilike"), "\(op.stderr)")
        let supervised = try await b.ftctl(base + ["--grader", try writeGrader(b, Self.grader), "--beta", "0.5"])
        #expect(supervised.code == 64 && supervised.stderr.contains("--method"), "\(supervised.stderr)")
        #expect(sandbox.received("POST", pathSuffix: "/fine_tuning/jobs").isEmpty)
    }
}
