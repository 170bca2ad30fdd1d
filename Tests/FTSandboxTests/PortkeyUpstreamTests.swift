import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

/// ftctl through Portkey's gateway to the upstreams it translates, against the sandbox's emulation
/// of the gateway (PortkeyGateway, from Portkey-AI/gateway src/handlers/finetuneHandler.ts and
/// src/providers/*), over the real libcurl transport. The journal shows what really arrived.
@Suite("Portkey to bedrock, fireworks-ai and vertex-ai")
struct PortkeyUpstreamTests {
    static let upstreams = ["bedrock", "fireworks-ai", "vertex-ai"]

    static func env(_ upstream: String, _ sandbox: RunningSandbox) -> [String: String] {
        ["FTCTL_PROVIDER": "portkey", "PORTKEY_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.v1, "PORTKEY_PROVIDER": upstream,
         "PORTKEY_BEDROCK_ROLE_ARN": roleARN, "PORTKEY_FIREWORKS_ACCOUNT_ID": "acct-1"]
    }

    static let roleARN = "arn:aws:iam::123456789012:role/sandbox-ft"

    /// A create body the gateway takes for each upstream when sent by hand (Bedrock needs the
    /// suffix and role, Fireworks its account header).
    static func rawCreate(_ upstream: String, _ n: Int) -> (JSONValue, HTTPHeaders) {
        var headers: HTTPHeaders = ["x-portkey-api-key": "sk-sandbox", "x-portkey-provider": upstream]
        if upstream == "fireworks-ai" { headers["x-portkey-fireworks-account-id"] = "acct-1" }
        return (["model": "m", "training_file": .string(trainingFile(upstream, n)), "suffix": "s", "role_arn": .string(roleARN)], headers)
    }

    /// A training file as each upstream takes one: an S3 URI, a Fireworks dataset id, a gs:// URI.
    static func trainingFile(_ upstream: String, _ n: Int = 0) -> String {
        switch upstream {
        case "bedrock": "s3://sandbox-bucket/train-\(n).jsonl"
        case "vertex-ai": "gs://sandbox-bucket/train-\(n).jsonl"
        default: "ds-train-\(n)"
        }
    }

    /// A sandbox that journals what reaches it, and what its gateway sends upstream; the caller
    /// stops it and removes the journal.
    static func journaled(speed: Double = 200) async throws -> (RunningSandbox, String) {
        let journal = NSTemporaryDirectory() + "ftctl-portkey-\(UUID().uuidString).jsonl"
        return (try await RunningSandbox.start(speed: speed, journal: journal), journal)
    }

    func create(_ b: Binaries, _ upstream: String, _ n: Int = 0) async throws -> String {
        let r = try await b.ftctl(["jobs", "create", "--model", "base-model-1", "--training-file", Self.trainingFile(upstream, n),
                                   "--suffix", "s\(n)", "-y", "-q"])
        r.expectSuccess()
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: upstreams)
    func pauseAndResumeSendNothingAndExit6(_ upstream: String) async throws {
        let (sandbox, journal) = try await Self.journaled()
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(Self.env(upstream, sandbox))
        let id = try await create(b, upstream)
        let before = sandbox.received().count
        for verb in ["pause", "resume"] {
            let r = try await b.ftctl(["jobs", verb, id])
            #expect(r.code == 6, "\(verb): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains("portkey to \(upstream) has no \(verb)"), "\(r.stderr)")
        }
        for word in [["jobs", "logs", id], ["jobs", "checkpoints", id]] {
            let r = try await b.ftctl(word)
            #expect(r.code == 6, "\(word): exit \(r.code) \(r.stderr)")
        }
        #expect(sandbox.received().count == before, "nothing reached the gateway: \(sandbox.received().dropFirst(before))")
        #expect(sandbox.received(pathSuffix: "/stop").isEmpty && sandbox.received("DELETE").isEmpty)
    }

    @Test(arguments: upstreams)
    func getListAndCancelReadTheGatewaysShapes(_ upstream: String) async throws {
        let (sandbox, journal) = try await Self.journaled(speed: 0.01)
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(Self.env(upstream, sandbox))
        var ids: [String] = []
        for n in 0..<3 { ids.append(try await create(b, upstream, n)) }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())

        let got = try await b.ftctl(["jobs", "get", ids[0], "-o", "json"])
        got.expectSuccess()
        let job = try #require(got.json)
        #expect(job["id"]?.string == ids[0])
        #expect(job["created_at"]?.string?.hasPrefix("\(year)-") == true, "created_at \(job["created_at"] ?? .null)")

        let list = try await b.ftctl(["jobs", "list", "--all", "-o", "json"])
        list.expectSuccess()
        let items = try #require(list.json?.array)
        #expect(Set(items.compactMap { $0["id"]?.string }) == Set(ids))
        #expect(items.allSatisfy { $0["created_at"]?.string?.hasPrefix("\(year)-") == true })

        // Cancel: one body-less POST, no Content-Type, the id exactly as the gateway gave it.
        let cancelled = try await b.ftctl(["jobs", "cancel", ids[1], "-o", "json"])
        cancelled.expectSuccess()
        // Read again after the cancel (the gateway's answer is `{}` or a stub); a Fireworks job is deleted by it.
        if upstream != "fireworks-ai" {
            #expect(cancelled.json?["created_at"]?.string?.hasPrefix("\(year)-") == true, "cancel: \(cancelled.stdout)")
        }
        let posts = sandbox.received("POST", pathSuffix: "/cancel").filter { $0["upstream"] == nil }
        #expect(posts.count == 1)
        #expect(posts.first?["path"]?.string == "/v1/fine_tuning/jobs/\(ids[1])/cancel", "sent \(posts.first?["path"] ?? .null)")
        #expect(posts.first?["content_type"] == .null)
        let sentPath = posts.first?["path"]?.string ?? ""
        #expect(!sentPath.contains("%25"), "the id was not encoded twice")
        #expect(sandbox.received().contains { $0["upstream"]?.string == upstream }, "the gateway made its upstream call")
        if upstream != "fireworks-ai" {
            let after = try await b.ftctl(["jobs", "get", ids[1], "-o", "json"])
            #expect(after.json?["status"]?.string == "cancelled", "\(after.stdout) \(after.stderr)")
        }
    }

    /// The list reaches only the gateway's first page (Bedrock drops `after`, Vertex and Fireworks
    /// take it as a page token they never hand out): ftctl shows the largest page the gateway
    /// asks for, never loops, and says that more exist. Bedrock's page is its own (20 here, `limit`
    /// never forwarded); Vertex and Fireworks take `limit` (ftctl's 100) as their pageSize.
    @Test(arguments: upstreams)
    func aListStopsAtTheFirstPageItCanReach(_ upstream: String) async throws {
        let sandbox = try await RunningSandbox.start(speed: 0.01)
        defer { sandbox.stop() }
        let b = Binaries(Self.env(upstream, sandbox))
        let page = upstream == "bedrock" ? 20 : 100
        let wire = CurlTransport()
        for n in 0..<(page + 3) {
            let (body, headers) = Self.rawCreate(upstream, n)
            let r = try await sandboxRequest(wire, .post, sandbox.v1 + "/fine_tuning/jobs", headers: headers, json: body)
            #expect(r.status < 300)
        }
        let list = try await b.ftctl(["jobs", "list", "--all", "-o", "json"])
        list.expectSuccess()
        let items = try #require(list.json?.array)
        #expect(items.count == page, "\(items.count) items")
        #expect(Set(items.compactMap { $0["id"]?.string }).count == items.count, "no item twice")
        #expect(list.stderr.contains("only the first page"), "\(list.stderr)")
        // A limit below the page is kept.
        let few = try await b.ftctl(["jobs", "list", "--limit", "5", "-o", "json"])
        #expect(few.json?.array?.count == 5)
    }

    /// `--after` cannot work through the gateway on these upstreams: refused, nothing sent.
    @Test(arguments: upstreams)
    func afterIsRefusedBeforeSending(_ upstream: String) async throws {
        let (sandbox, journal) = try await Self.journaled()
        defer { sandbox.stop(); unlink(journal) }
        let r = try await Binaries(Self.env(upstream, sandbox)).ftctl(["jobs", "list", "--after", "4567"])
        #expect(r.code == 6, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("--after"), "\(r.stderr)")
        #expect(sandbox.received().isEmpty)
    }

    /// What reaches each upstream from a create: the fields its API requires, its own names for
    /// the hyperparameters, and the gateway's prefixes applied once (the sandbox journals the
    /// body the gateway sends upstream).
    @Test(arguments: upstreams)
    func createSendsTheUpstreamsRequiredFields(_ upstream: String) async throws {
        let (sandbox, journal) = try await Self.journaled()
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(Self.env(upstream, sandbox))
        let extra: [String] = switch upstream {
        case "bedrock": ["--epochs", "2", "--batch-size", "8", "--output-uri", "s3://sandbox-bucket/out/"]
        case "fireworks-ai": ["--epochs", "2", "--learning-rate", "0.0001", "--validation-file", "ds-valid-0"]
        default: ["--epochs", "2", "--learning-rate-multiplier", "0.5", "--validation-file", "gs%3A%2F%2Fsandbox-bucket%2Fvalid.jsonl"]
        }
        let r = try await b.ftctl(["jobs", "create", "--model", "base-model-1", "--training-file", Self.trainingFile(upstream),
                                   "--suffix", "s0", "-y", "-q"] + extra)
        #expect(r.code == 0, "\(r.stderr)")
        let sent = try #require(sandbox.received("POST").first { $0["upstream"]?.string == upstream }?["body"], "the gateway's upstream call")
        switch upstream {
        case "bedrock":
            #expect(sent["roleArn"]?.string == Self.roleARN)
            #expect(sent["customModelName"] == "s0")
            #expect(sent["jobName"]?.string?.hasPrefix("ftctl-") == true, "the job name is the request id: \(sent)")
            #expect(sent["trainingDataConfig"] == ["s3Uri": "s3://sandbox-bucket/train-0.jsonl"])
            #expect(sent["outputDataConfig"] == ["s3Uri": "s3://sandbox-bucket/out/"])
            #expect(sent["hyperParameters"] == ["epochCount": "2", "batchSize": "8"])
        case "fireworks-ai":
            #expect(sent["dataset"] == "accounts/acct-1/datasets/ds-train-0")
            #expect(sent["evaluationDataset"] == "accounts/acct-1/datasets/ds-valid-0")
            #expect(sent["baseModel"] == "accounts/fireworks/models/base-model-1")
            #expect(sent["epochs"] == 2)
            #expect(sent["learning_rate"] == 0.0001)
        default:
            #expect(sent["tunedModelDisplayName"] == "s0")
            #expect(sent["supervisedTuningSpec"]?["training_dataset_uri"] == "gs://sandbox-bucket/train-0.jsonl")
            #expect(sent["supervisedTuningSpec"]?["validation_dataset_uri"] == "gs://sandbox-bucket/valid.jsonl")
            #expect(sent["supervisedTuningSpec"]?["hyperParameters"] == ["epochCount": 2, "learningRateMultiplier": 0.5])
        }
    }

    /// What an upstream cannot take is refused before any file is read or uploaded, with one line.
    @Test func createRefusesWhatTheUpstreamCannotTakeBeforeAnyUpload() async throws {
        let (sandbox, journal) = try await Self.journaled()
        defer { sandbox.stop(); unlink(journal) }
        let local = NSTemporaryDirectory() + "ftctl-portkey-train-\(UUID().uuidString).jsonl"
        try #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#.appending("\n")
            .write(toFile: local, atomically: true, encoding: .utf8)
        defer { unlink(local) }
        let base = ["jobs", "create", "--model", "base-model-1", "--suffix", "s", "-y"]
        let cases: [(upstream: String, args: [String], code: Int32, says: String, unset: String?)] = [
            ("bedrock", ["--training-file", local], 64, "s3://", nil),
            ("bedrock", ["--training-file", "file-abc123"], 64, "S3", nil),
            ("bedrock", ["--training-file", "s3://b/t.jsonl", "--validation-file", "s3://b/v.jsonl"], 64, "validators", nil),
            ("bedrock", ["--training-file", "s3://b/t.jsonl", "--learning-rate-multiplier", "0.5"], 64, "learningRate", nil),
            ("bedrock", ["--training-file", "s3://b/t.jsonl", "--output-uri", "/tmp/out"], 64, "s3://", nil),
            ("bedrock", ["--training-file", "s3://b/t.jsonl"], 78, "bedrock_role_arn", "PORTKEY_BEDROCK_ROLE_ARN"),
            ("bedrock", ["--training-file", "s3://b/t.jsonl", "--method", "dpo"], 64, "supervised", nil),
            ("vertex-ai", ["--training-file", local], 64, "gs://", nil),
            ("vertex-ai", ["--training-file", "gs://b/t.jsonl", "--batch-size", "8"], 64, "adapterSize", nil),
            ("fireworks-ai", ["--training-file", "ds-1", "--model", "accounts/fireworks/models/llama-v3p1-8b-instruct"], 64, "twice", nil),
            ("fireworks-ai", ["--training-file", "ds-1", "--learning-rate-multiplier", "2"], 64, "--learning-rate", nil),
            ("fireworks-ai", ["--training-file", local], 78, "fireworks_account_id", "PORTKEY_FIREWORKS_ACCOUNT_ID"),
        ]
        for c in cases {
            var env = Self.env(c.upstream, sandbox)
            if let unset = c.unset { env[unset] = nil }
            let r = try await Binaries(env).ftctl(base + c.args)
            #expect(r.code == c.code, "\(c.upstream) \(c.args): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(c.says), "\(c.upstream) \(c.args): \(r.stderr)")
        }
        #expect(sandbox.received().isEmpty, "nothing was uploaded or sent: \(sandbox.received())")
    }

    /// Files through the gateway: each upstream's shape and time unit read right (the right year);
    /// what the gateway cannot do with files there (Bedrock's and Vertex's upload and list) is
    /// refused with exit 6 and nothing sent.
    @Test(arguments: upstreams)
    func filesReadEachUpstreamsShapes(_ upstream: String) async throws {
        let (sandbox, journal) = try await Self.journaled()
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(Self.env(upstream, sandbox))
        let year = "\(Calendar(identifier: .gregorian).component(.year, from: Date()))-"
        let local = try b.dataset()
        if upstream == "fireworks-ai" {
            let up = try await b.ftctl(["files", "upload", local, "-o", "json"])
            up.expectSuccess()
            let id = try #require(up.json?["id"]?.string)
            #expect(up.json?["created_at"]?.string?.hasPrefix(year) == true, "upload: \(up.stdout)")
            let got = try await b.ftctl(["files", "get", id, "-o", "json"])
            #expect(got.json?["created_at"]?.string?.hasPrefix(year) == true, "get: \(got.stdout) \(got.stderr)")
            let list = try await b.ftctl(["files", "list", "-o", "json"])
            list.expectSuccess()
            #expect(list.json?.array?.map { $0["id"]?.string } == [id])
            #expect(list.json?.array?.first?["created_at"]?.string?.hasPrefix(year) == true, "list: \(list.stdout)")
            return
        }
        let scheme = upstream == "bedrock" ? "s3" : "gs"
        let got = try await b.ftctl(["files", "get", "\(scheme)%3A%2F%2Fsandbox-bucket%2Ftrain.jsonl", "-o", "json"])
        got.expectSuccess()
        #expect(got.json?["created_at"]?.string?.hasPrefix(year) == true, "get: \(got.stdout)")
        #expect(got.json?["bytes"] == 1234)
        let before = sandbox.received().count
        for args in [["files", "upload", local], ["files", "list"]] {
            let r = try await b.ftctl(args)
            #expect(r.code == 6, "\(args): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(upstream), "\(r.stderr)")
        }
        #expect(sandbox.received().count == before)
    }

    @Test func aBodylessPostCarriesNoContentTypeAndTheValidatorRefusesFormEncoding() async throws {
        let (sandbox, journal) = try await Self.journaled(speed: 0.01)
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries(ProviderEndToEndTests.env("portkey", sandbox))
        let created = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", try b.dataset(), "-y", "-q"])
        created.expectSuccess()
        let jobID = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try await b.ftctl(["jobs", "cancel", jobID]).expectSuccess()
        let cancel = try #require(sandbox.received("POST", pathSuffix: "/cancel").last)
        #expect(cancel["content_type"] == .null)

        // What libcurl would have sent on its own is refused as the gateway refuses it.
        let wire = CurlTransport()
        var r = HTTPRequest(method: .post, url: sandbox.v1 + "/fine_tuning/jobs/\(jobID)/cancel",
                            headers: ["x-portkey-api-key": "sk-sandbox", "x-portkey-provider": "openai",
                                      "Content-Type": "application/x-www-form-urlencoded"])
        r.body = .json(["a": 1])
        let refused = try await wire.send(r)
        #expect(refused.status == 400)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("Invalid content type passed"))
    }

    @Test func anUnknownUpstreamRefusesPauseAndSaysHowToNameIt() async throws {
        let (sandbox, journal) = try await Self.journaled()
        defer { sandbox.stop(); unlink(journal) }
        var env = ProviderEndToEndTests.env("portkey", sandbox)
        env["PORTKEY_PROVIDER"] = "@my-openai"
        let b = Binaries(env)
        let r = try await b.ftctl(["jobs", "pause", "ftjob-1"])
        #expect(r.code == 6, "\(r.stderr)")
        #expect(r.stderr.contains("--upstream openai") && r.stderr.contains("PORTKEY_UPSTREAM"), "\(r.stderr)")
        #expect(sandbox.received().isEmpty)
        // Named, the same route may pause (the sandbox answers 404 for the made-up id: it was sent).
        let named = try await b.ftctl(["jobs", "pause", "ftjob-1", "--upstream", "openai"])
        #expect(named.code != 6, "\(named.stderr)")
        #expect(sandbox.received("POST", pathSuffix: "/pause").count == 1)
        let bad = try await b.ftctl(["jobs", "list", "--upstream", "mars"])
        #expect(bad.code == 64, "\(bad.stderr)")
    }

    @Test func verboseMasksPortkeySecretHeaders() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("portkey", sandbox))
        let secrets = ["cfg-secret-4711", "AKIAEXAMPLESECRET", "aws-secret-key-0815", "sa-private-key-9999", "fwd-secret-1234"]
        let r = try await b.ftctl(["jobs", "list", "-v",
                                   "-H", #"x-portkey-config: {"provider":"openai","api_key":"cfg-secret-4711"}"#,
                                   "-H", "x-portkey-aws-access-key-id: AKIAEXAMPLESECRET",
                                   "-H", "x-portkey-aws-secret-access-key: aws-secret-key-0815",
                                   "-H", "x-portkey-vertex-service-account-json: sa-private-key-9999",
                                   "-H", "x-portkey-forward-headers: x-upstream-token",
                                   "-H", "x-upstream-token: fwd-secret-1234"])
        r.expectSuccess()
        for s in secrets { #expect(!r.stderr.contains(s) && !r.stdout.contains(s), "\(s) printed") }
        #expect(r.stderr.lowercased().contains("x-portkey-aws-secret-access-key: [redacted]"), "\(r.stderr)")
    }
}

extension BinaryRunner.Result {
    var json: JSONValue? { JSONValue.parse(Data(stdout.utf8)) }
}
