import FTCore
import FTProviders
import Foundation
import Testing

/// Portkey's upstreams as data: which one a route reaches, what it refuses, and how its answers
/// read. Fixtures are the gateway's output as /work/research/portkey.md gives it (node-checked
/// transforms of Portkey-AI/gateway src/providers/bedrock/utils.ts, fireworks-ai/utils.ts,
/// google-vertex-ai/utils.ts).
@Suite("Portkey upstreams")
struct UpstreamTests {
    static let bedrockItem = #"{"id":"arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Amodel-customization-job%2Famazon.titan-text-express-v1%3A0%3A8k%2Fabc123","job_name":"portkey-finetune-x","object":"finetune","status":"failed","created_at":1735787045123,"finished_at":null,"suffix":"my-ft","training_file":"","validation_file":"","hyperparameters":{"learning_rate_multiplier":null,"batch_size":null,"n_epochs":null},"error":"bad data in s3://b/train.jsonl"}"#
    static let fireworksJob = #"{"id":"abc123","model":"llama-v3p1-8b-instruct","suffix":"accounts/acme/models/my-ft","training_file":"ds-1","hyperparameters":{"n_epochs":2,"learning_rate":0.0001},"created_at":1735787045000,"completed_at":1735790400000,"status":"failed","error":{"code":"INVALID_ARGUMENT","message":"bad data"},"fine_tuned_model":"accounts/acme/models/my-ft"}"#
    static let vertexJob = #"{"id":"4567","object":"finetune","status":"failed","created_at":1735787045678,"error":{"code":3,"message":"bad dataset"},"finished_at":1735790400000,"hyperparameters":{"batch_size":"ADAPTER_SIZE_FOUR","learning_rate_multiplier":1,"n_epochs":"3"},"model":"gemini-2.0-flash-001","training_file":"gs%3A%2F%2Fb%2Ftrain.jsonl"}"#

    /// Fireworks routes also name their account (every gateway URL is built from it).
    static func provider(_ options: [ProfileKey: String]) throws -> any FineTuningProvider {
        try ProviderFactory.make(declaration: .portkey, baseURL: "https://gw.example/v1",
                                 options: options.merging([.fireworksAccountID: "acme"]) { given, _ in given })
    }

    static func year(_ d: Date?) -> Int? { d.map { Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: $0).year ?? 0 } }

    @Test func theUpstreamComesFromTheSettingOrAPlainProviderName() {
        #expect(Upstream.resolve(explicit: nil, portkeyProvider: "bedrock") == .bedrock)
        #expect(Upstream.resolve(explicit: "vertex-ai", portkeyProvider: "@prod") == .vertex)
        #expect(Upstream.resolve(explicit: nil, portkeyProvider: "@prod") == .unknown)
        #expect(Upstream.resolve(explicit: nil, portkeyProvider: nil) == .unknown)
        #expect(ProfileKey.upstream.problem(with: "mars") != nil)
        #expect(ProfileKey.upstream.problem(with: "fireworks-ai") == nil)
    }

    @Test func settingsReadFlagThenEnvironmentThenProfile() throws {
        var profile = Profile()
        profile[.upstream] = "azure-openai"
        var config = ConfigFile()
        config[profile: "default"] = profile
        func resolve(_ flag: String?, _ env: [String: String]) throws -> String? {
            var o = GlobalOptions()
            o.providerValues[.upstream] = flag
            return try SettingsResolver(options: o, environment: env, configPath: "/x").resolve(config: config).providerOptions[.upstream]
        }
        #expect(try resolve(nil, [:]) == "azure-openai")
        #expect(try resolve(nil, ["PORTKEY_UPSTREAM": "bedrock"]) == "bedrock")
        #expect(try resolve("vertex-ai", ["PORTKEY_UPSTREAM": "bedrock"]) == "vertex-ai")
        #expect(throws: FTError.self) { try resolve("mars", [:]) }
        #expect(ProviderSetting.all.contains { $0.key == .upstream && $0.flag == "--upstream" && $0.environment == "PORTKEY_UPSTREAM" })
    }

    @Test(arguments: ["bedrock", "fireworks-ai", "vertex-ai", "@slug"])
    func pauseResumeEventsAndCheckpointsAreRefusedBeforeARequestExists(_ name: String) throws {
        let p = try Self.provider([.portkeyProvider: name])
        for action in [JobAction.pause, .resume] {
            let e = #expect(throws: FTError.self) { try p.perform(action, jobID: "j") }
            #expect(e?.code == .unsupported)
        }
        #expect(throws: FTError.self) { try p.listEvents(jobID: "j", EventQuery()) }
        #expect(throws: FTError.self) { try p.listCheckpoints(jobID: "j", EventQuery()) }
        #expect((try? p.perform(.cancel, jobID: "j")) != nil)
        let e = #expect(throws: FTError.self) { try p.perform(.pause, jobID: "j") }
        if name.hasPrefix("@") { #expect(e?.hint?.contains("--upstream openai") == true) }
        #expect(try Self.provider([.portkeyProvider: name, .upstream: "openai"]).perform(.pause, jobID: "j").request.method == .post)
    }

    @Test func bedrockIdsGoBackExactlyAsReceivedAndTimesAreMilliseconds() throws {
        let p = try Self.provider([.portkeyProvider: "bedrock"])
        let id = try #require(JSONValue.parse(Data(Self.bedrockItem.utf8))?["id"]?.string)
        let get = try p.getJob(id)
        #expect(get.request.url == "https://gw.example/v1/fine_tuning/jobs/\(id)")
        #expect(try p.perform(.cancel, jobID: id).request.url.hasSuffix("/\(id)/cancel"))
        // A raw ARN is encoded once, as the gateway would have.
        #expect(try p.getJob("arn:aws:x/y").request.url.hasSuffix("/arn%3Aaws%3Ax%2Fy"))
        let job = try get.decode(HTTPResponse(status: 200, body: Data(Self.bedrockItem.utf8)))
        #expect(Self.year(job.createdAt) == 2025)
        #expect(job.finishedAt == nil)
        #expect(job.error?.message == "bad data in s3://b/train.jsonl")
        #expect(job.status == .failed)
    }

    @Test func fireworksAndVertexReadTheirOwnFields() throws {
        let fw = try Self.provider([.portkeyProvider: "fireworks-ai"]).getJob("abc123").decode(HTTPResponse(status: 200, body: Data(Self.fireworksJob.utf8)))
        #expect(Self.year(fw.createdAt) == 2025 && Self.year(fw.finishedAt) == 2025)
        #expect(fw.error?.message == "bad data")
        let vx = try Self.provider([.portkeyProvider: "vertex-ai"]).getJob("4567").decode(HTTPResponse(status: 200, body: Data(Self.vertexJob.utf8)))
        #expect(Self.year(vx.createdAt) == 2025 && Self.year(vx.finishedAt) == 2025)
        #expect(vx.error?.code == "3")
        // An unknown upstream reads either unit.
        let unknown = try Self.provider([.portkeyVirtualKey: "vk"]).getJob("4567").decode(HTTPResponse(status: 200, body: Data(Self.vertexJob.utf8)))
        #expect(Self.year(unknown.createdAt) == 2025)
    }

    @Test func aBedrockListEndsAtItsPageAndSaysMoreExist() throws {
        let body = #"{"data":[\#(Self.bedrockItem)],"object":"list","total_count":1,"last_id":"nextTokenABC"}"#
        let page = try Self.provider([.portkeyProvider: "bedrock"]).listJobs(JobQuery()).decode(HTTPResponse(status: 200, body: Data(body.utf8)))
        #expect(page.items.count == 1)
        #expect(!page.hasMore && page.next == nil)
        #expect(page.raw?["ftctl_truncated"] != nil)
    }

    @Test(arguments: ["openai", "bedrock", "fireworks-ai", "vertex-ai", "@slug"])
    func metadataTheGatewayWouldDropIsRefused(_ name: String) throws {
        var spec = JobSpec(model: "m", trainingFile: "f")
        spec[.metadata] = ["team": "ml"]
        let e = #expect(throws: FTError.self) { try Self.provider([.portkeyProvider: name]).createJob(spec) }
        #expect(e?.code == .usage && e?.why.contains("drops it") == true)
        #expect((try? Self.provider([.portkeyProvider: "azure-openai"]).createJob(spec)) != nil)
    }

    /// File answers as the gateway gives them: Bedrock's get says `createdAt` in seconds and its
    /// id is the encoded S3 URI (src/providers/bedrock/retrieveFile.ts); Fireworks' upload says
    /// `create_at` in ms (src/providers/fireworks-ai/uploadFile.ts).
    @Test func fileTimesAndIdsAreEachUpstreamsOwn() throws {
        let bedrock = try Self.provider([.portkeyProvider: "bedrock"])
        let id = "s3%3A%2F%2Fb%2Ftrain.jsonl"
        let get = try bedrock.getFile(id)
        #expect(get.request.url == "https://gw.example/v1/files/\(id)", "sent once encoded")
        let body = #"{"object":"file","id":"s3%3A%2F%2Fb%2Ftrain.jsonl","purpose":"","filename":"s3://b/train.jsonl","bytes":"1234","createdAt":1735787045,"status":"processed","status_details":null}"#
        let file = try get.decode(HTTPResponse(status: 200, body: Data(body.utf8)))
        #expect(Self.year(file.createdAt) == 2025 && file.bytes == 1234)
        let fw = #"{"id":"0b5e","bytes":10,"create_at":1735787045000,"filename":"0b5e.jsonl","status":"processed","purpose":"fine-tune"}"#
        let up = try Self.provider([.portkeyProvider: "fireworks-ai"]).getFile("0b5e").decode(HTTPResponse(status: 200, body: Data(fw.utf8)))
        #expect(Self.year(up.createdAt) == 2025)
        #expect(throws: FTError.self) { try bedrock.uploadFile(path: "/x.jsonl", purpose: "fine-tune") }
        #expect(throws: FTError.self) { try bedrock.listFiles(FileQuery()) }
    }

    @Test func portkeySecretHeadersAndForwardedOnesAreMasked() {
        let headers: HTTPHeaders = ["x-portkey-config": "{}", "x-portkey-aws-session-token": "t", "x-portkey-forward-headers": "x-a, X-B",
                                    "x-b": "secret", "x-c": "plain"]
        let out = Redactor().redact(headers: headers)
        #expect(out["x-portkey-config"] == Redactor.mask && out["x-portkey-aws-session-token"] == Redactor.mask)
        #expect(out["x-b"] == Redactor.mask && out["x-c"] == "plain")
    }
}
