import FTCore
import FTProviders
import FTTestSupport
import Foundation
import Testing

/// Every documented example decodes; with an unknown field and an unknown status word added,
/// nothing crashes and the status comes through as the provider's word.
@Suite("provider responses decode, documented and perturbed")
struct ProviderDecodingTests {
    static func response(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(text.utf8))
    }

    /// Adds `zz_unknown` and, where there is one, replaces the status word.
    static func perturbed(_ text: String) -> String {
        guard case .object(var o)? = JSONValue.parse(Data(text.utf8)) else { return text }
        o["zz_unknown"] = ["nested": [1, 2, 3]]
        if o["status"] != nil { o["status"] = "mystery_state" }
        return JSONValue.object(o).serialized()
    }

    static let openAIStyle: [(ProviderID, String)] = [(.truefoundry, ProviderFixtures.trueFoundryJob), (.nebius, ProviderFixtures.nebiusJob),
                                                        (.openai, ProviderFixtures.openAIJob), (.portkey, ProviderFixtures.openAIJob)]

    @Test(arguments: 0..<4)
    func openAIStyleJobsDecode(index: Int) throws {
        let (id, text) = Self.openAIStyle[index]
        let provider = OpenAIStyleProvider(id: id, baseURL: "https://x.example/v1")
        let job = try provider.getJob("j").decode(Self.response(text))
        #expect(job.provider == id.rawValue)
        #expect(job.status.isKnown)
        #expect(job.raw != nil)
        let odd = try provider.getJob("j").decode(Self.response(Self.perturbed(text)))
        #expect(odd.status.rawValue == "mystery_state")
        #expect(odd.raw?["zz_unknown"] != nil)
        #expect(odd.json["status"] == "mystery_state")
    }

    @Test func nebiusFieldsMapOntoTheModel() throws {
        let job = try OpenAIStyleProvider(id: .nebius, baseURL: "https://x/v1").getJob("j").decode(Self.response(ProviderFixtures.nebiusJob))
        #expect(job.status == .validatingFiles)
        #expect(job.progress == Job.Progress(step: 123, totalSteps: 123))
        #expect(job.hyperparameters["epochs"] == 3)
        #expect(job.hyperparameters["learning_rate"] == 0.00001)
        #expect(job.hyperparameters["lora_r"] == 8)
        #expect(job.error == Job.Failure(code: "<string>", message: "<string>"))
        #expect(job.estimatedFinish == Date(timeIntervalSince1970: 123))
    }

    @Test func openAIAutoHyperparametersStayAsWords() throws {
        let job = try OpenAIStyleProvider(id: .openai, baseURL: "https://x/v1").getJob("j").decode(Self.response(ProviderFixtures.openAIJob))
        #expect(job.hyperparameters["epochs"] == "auto")
        #expect(job.createdAt.map(RFC3339.format) == "2024-07-23T20:00:00Z")
        #expect(job.fineTunedModel == nil)
    }

    @Test(arguments: [false, true])
    func platformJobAndListDecodeBareOrWrapped(wrapped: Bool) throws {
        func body(_ t: String) -> String { wrapped ? #"{"success":true,"data":\#(t)}"# : t }
        let p = GenericV1Provider(baseURL: "https://p.example")
        let job = try p.getJob("ftjob_abc123").decode(Self.response(body(ProviderFixtures.platformJob)))
        #expect(job.status == .running)
        #expect(job.model == "llama-3.1-8b")
        #expect(job.name == "Customer Support Classifier")
        #expect(job.hyperparameters["learning_rate"] == 0.0002)
        #expect(job.hyperparameters["warmup_steps"] == 100)
        #expect(job.progress?.epoch == 2)
        #expect(job.startedAt.map(RFC3339.format) == "2025-02-01T10:00:00Z")
        let page = try p.listJobs(JobQuery()).decode(Self.response(body(ProviderFixtures.platformList)))
        #expect(page.items.count == 1)
        #expect(page.hasMore)
        #expect(page.next == .offset(1))
        let odd = try p.getJob("x").decode(Self.response(body(Self.perturbed(ProviderFixtures.platformJob))))
        #expect(odd.status.rawValue == "mystery_state")
    }

    @Test func everyPlatformEndpointDecodes() throws {
        let p = GenericV1Provider(baseURL: "https://p.example")
        #expect(try p.createJob(spec()).decode(Self.response(ProviderFixtures.platformCreated, status: 201)).status == .queued)
        #expect(try p.perform(.stop, jobID: "j").decode(Self.response(ProviderFixtures.platformStopped)).status == .stopped)
        #expect(try p.perform(.restart, jobID: "j").decode(Self.response(ProviderFixtures.platformRestarted)).status == .queued)
        let deployed = try p.perform(.deploy, jobID: "j").decode(Self.response(ProviderFixtures.platformDeployed))
        #expect(deployed.status == .deployed)
        #expect(deployed.fineTunedModel == "llama-3.1-8b-support-v1")
        let logs = try p.listEvents(jobID: "j", EventQuery()).decode(Self.response(ProviderFixtures.platformLogs))
        #expect(logs.items.map(\.message) == ["Epoch 1/3 completed - loss: 0.542", "Training started with 3 epochs"])
        let metrics = try p.jobMetrics("j").decode(Self.response(ProviderFixtures.platformMetrics))
        #expect(metrics.map { $0.json["training_loss"] } == [0.85, 0.54])
        #expect(try p.stats().decode(Self.response(ProviderFixtures.platformStats)).json["completed"] == 8)
        #expect(try p.listModels().decode(Self.response(ProviderFixtures.platformModels)).map(\.id) == ["llama-3.1-8b", "mistral-7b-v0.3"])
        #expect(try p.listHardware().decode(Self.response(ProviderFixtures.platformHardware)).last?.json["gpu_count"] == 4)
        let estimate = try p.estimateCost(model: "llama-3.1-8b", examples: 50000).decode(Self.response(ProviderFixtures.platformEstimate))
        #expect(estimate.json["estimated_cost"] == 42.5)
    }

    @Test(arguments: ["", "<html>502</html>", "[]", "{\"data\": 5}", "null", "{\"jobs\": [1, \"x\", null]}"])
    func garbageIsABadResponseNeverACrash(body: String) {
        let p = GenericV1Provider(baseURL: "https://p.example")
        let o = OpenAIStyleProvider(id: .openai, baseURL: "https://x/v1")
        for decode in [{ _ = try p.listJobs(JobQuery()).decode(Self.response(body)) },
                       { _ = try o.listJobs(JobQuery()).decode(Self.response(body)) },
                       { _ = try o.getJob("j").decode(Self.response(body)) }] as [() throws -> Void] {
            do { try decode() } catch let e as FTError { #expect(e.code == .badResponse) } catch { Issue.record("\(error)") }
        }
    }

    func spec() -> JobSpec {
        var s = JobSpec(model: "llama-3.1-8b", trainingFile: "ds_train_001")
        s[.name] = "n"
        return s
    }
}
