import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

/// The sandbox answers with every field the provider documents show (the same fixtures the
/// provider tests decode), so a client written against the documents finds what it expects.
@Suite("sandbox answers have the documented shapes")
struct SandboxShapeTests {
    let wire = CurlTransport(options: .init(timeout: 20))

    func keys(_ text: String) -> Set<String> { Set(JSONValue.parse(Data(text.utf8))?.object?.keys ?? []) }

    func send(_ method: HTTPMethod, _ url: String, _ headers: HTTPHeaders, json: JSONValue? = nil, body: HTTPBody? = nil) async throws -> HTTPResponse {
        try await sandboxRequest(wire, method, url, headers: headers, json: json, body: body)
    }

    @Test func openAIStyleJobsCarryEveryDocumentedField() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let auth: HTTPHeaders = ["Authorization": "Bearer sk-sandbox"]
        var form = MultipartForm()
        form.addField("purpose", "fine-tune")
        form.addFile("file", segment: .data(Data(#"{"prompt":"a","completion":"b"}"#.utf8 + [10])), filename: "t.jsonl")
        var h = auth
        h["Content-Type"] = form.contentType
        let file = try await send(.post, sandbox.v1 + "/files", h, body: form.body)
        let fileID = try #require(file.json?["id"]?.string)
        let created = try await send(.post, sandbox.v1 + "/fine_tuning/jobs", auth, json: ["model": "m", "training_file": .string(fileID)])
        let job = Set(created.json?.object?.keys ?? [])
        for (name, fixture) in [("truefoundry", ProviderFixtures.trueFoundryJob), ("nebius", ProviderFixtures.nebiusJob), ("openai", ProviderFixtures.openAIJob)] {
            let missing = keys(fixture).subtracting(job)
            #expect(missing.isEmpty, "\(name) fields missing from the sandbox's job: \(missing)")
        }
        // TrueFoundry's root answers the same object.
        let tfy = try await send(.get, sandbox.root + "/api/llm/fine_tuning/jobs/\(created.json?["id"]?.string ?? "")", auth)
        #expect(tfy.status == 404)  // jobs are per declaration: one made on /v1 is not TrueFoundry's
        let tfyJob = try await send(.post, sandbox.root + "/api/llm/fine_tuning/jobs", auth, json: ["model": "m", "training_file": .string(fileID)])
        let tfyKeys: [String] = tfyJob.json?.object?.keys ?? []
        #expect(keys(ProviderFixtures.trueFoundryJob).subtracting(tfyKeys).isEmpty)
    }

    @Test func platformAnswersCarryEveryDocumentedField() async throws {
        // Real time, so the job is still running when it is stopped.
        let sandbox = try await RunningSandbox.start(speed: 0.1)
        defer { sandbox.stop() }
        let auth: HTTPHeaders = ["X-API-Key": "sk-sandbox"]
        let base = sandbox.root + "/api/v1/fine-tuning"
        let created = try await send(.post, base + "/jobs", auth, json: ["name": "n", "baseModel": "llama-3.1-8b", "trainingDataset": "ds"])
        #expect(created.status == 201)
        let createdKeys: [String] = created.json?.object?.keys ?? []
        #expect(keys(ProviderFixtures.platformCreated).subtracting(createdKeys).isEmpty)
        let id = try #require(created.json?["id"]?.string)
        let checks: [(String, HTTPMethod, String, JSONValue?)] = [
            (ProviderFixtures.platformJob, .get, "/jobs/\(id)", nil),
            (ProviderFixtures.platformList, .get, "/jobs", nil),
            (ProviderFixtures.platformLogs, .get, "/jobs/\(id)/logs", nil),
            (ProviderFixtures.platformMetrics, .get, "/jobs/\(id)/metrics", nil),
            (ProviderFixtures.platformStats, .get, "/stats", nil),
            (ProviderFixtures.platformModels, .get, "/base-models", nil),
            (ProviderFixtures.platformHardware, .get, "/hardware", nil),
            (ProviderFixtures.platformEstimate, .post, "/estimate-cost", ["baseModel": "llama-3.1-8b", "datasetSize": 50000]),
            (ProviderFixtures.platformStopped, .post, "/jobs/\(id)/stop", nil),
            (ProviderFixtures.platformRestarted, .post, "/jobs/\(id)/restart", nil),
        ]
        for (fixture, method, path, body) in checks {
            let r = try await send(method, base + path, auth, json: body)
            #expect(r.status == 200, "\(path): \(r.status)")
            let got: [String] = r.json?.object?.keys ?? []
            let missing = keys(fixture).subtracting(got)
            #expect(missing.isEmpty, "\(path) lacks \(missing)")
        }
        let estimate = try await send(.post, base + "/estimate-cost", auth, json: ["baseModel": "llama-3.1-8b", "datasetSize": 50000])
        #expect(estimate.json?["estimatedCost"] == 42.5)
        #expect(estimate.json?["estimatedTimeMinutes"] == 180)
        let listed = try await send(.get, base + "/jobs", auth)
        // List items are the seed's summaries (seed 002, GET /api/v1/fine-tuning/jobs), exactly:
        // no dataset, file or hyperparameters, so nothing may rely on them.
        let listedKeys: [String] = listed.json?["jobs"]?.array?.first?.object?.keys ?? []
        let documented = JSONValue.parse(Data(ProviderFixtures.platformList.utf8))?["jobs"]?.array?.first?.object?.keys ?? []
        #expect(Set(listedKeys) == Set(documented), "list item keys \(listedKeys.sorted())")
    }
}
