import Crypto
import FTCore
import FTCurl
import FTSandbox
import Foundation
import Testing

/// The sandbox's own rules, over real sockets with the real transport.
@Suite("sandbox: shapes, uploads, faults, persistence, third-party client")
struct SandboxBehaviourTests {
    let wire = CurlTransport(options: .init(timeout: 20))

    func send(_ method: HTTPMethod, _ url: String, json: JSONValue? = nil, headers: HTTPHeaders = ["Authorization": "Bearer sk-sandbox"],
              body: HTTPBody? = nil) async throws -> HTTPResponse {
        try await sandboxRequest(wire, method, url, headers: headers, json: json, body: body)
    }

    @Test func errorShapesPerDialect() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let noKey = try await send(.get, sandbox.v1 + "/fine_tuning/jobs", headers: [:])
        #expect(noKey.status == 401)
        #expect(noKey.json?["error"]?["message"]?.string?.contains("didn't provide an API key") == true)
        let portkey = try await send(.get, sandbox.v1 + "/fine_tuning/jobs", headers: ["x-portkey-api-key": "sk-sandbox"])
        #expect(portkey.status == 400)
        #expect(portkey.json?["status"] == "failure")
        let platform = try await send(.get, sandbox.root + "/api/v1/fine-tuning/jobs", headers: [:])
        #expect(platform.status == 401)
        #expect(platform.json?["success"] == false)
        #expect(platform.json?["error"]?["code"] == "UNAUTHORIZED")
        let missing = try await send(.post, sandbox.v1 + "/fine_tuning/jobs", json: ["training_file": "file-x"])
        #expect(missing.status == 400)
        #expect(missing.json?["error"]?["param"] == "model")
        let notFound = try await send(.get, sandbox.v1 + "/fine_tuning/jobs/ftjob-nope")
        #expect(notFound.status == 404)
        #expect(ProviderErrorBody.message(in: notFound.body) == "No such fine-tuning job: ftjob-nope. (param: fine_tuning_job_id)")
        let wrapped = try await send(.get, sandbox.root + "/api/v1/fine-tuning/stats", headers: ["X-API-Key": "sk-sandbox", "x-sandbox-envelope": "1"])
        #expect(wrapped.json?["success"] == true)
        #expect(wrapped.json?["data"]?["total"] == 0)
    }

    @Test func theUploadsAPIChecksPartsSizeAndMD5() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let content = Data((0..<3000).map { UInt8($0 % 251) })
        let created = try await send(.post, sandbox.v1 + "/uploads",
                                     json: ["filename": "big.jsonl", "purpose": "fine-tune", "bytes": .int(Int64(content.count)), "mime_type": "text/jsonl"])
        let uploadID = try #require(created.json?["id"]?.string)
        #expect(created.json?["status"] == "pending")
        var parts: [JSONValue] = []
        for chunk in [content[0..<1000], content[1000..<3000]] {
            var form = MultipartForm()
            form.addFile("data", segment: .data(Data(chunk)), filename: "part")
            let r = try await send(.post, sandbox.v1 + "/uploads/\(uploadID)/parts",
                                   headers: ["Authorization": "Bearer sk-sandbox", "Content-Type": form.contentType], body: form.body)
            parts.append(r.json?["id"] ?? .null)
        }
        let wrongMD5 = try await send(.post, sandbox.v1 + "/uploads/\(uploadID)/complete", json: ["part_ids": .array(parts), "md5": "00"])
        #expect(wrongMD5.status == 400)
        #expect(wrongMD5.json?["error"]?["param"] == "md5")
        let md5 = Insecure.MD5.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let done = try await send(.post, sandbox.v1 + "/uploads/\(uploadID)/complete", json: ["part_ids": .array(parts), "md5": .string(md5)])
        #expect(done.json?["status"] == "completed")
        let fileID = try #require(done.json?["file"]?["id"]?.string)
        let back = try await send(.get, sandbox.v1 + "/files/\(fileID)/content")
        #expect(back.body == content)
        let again = try await send(.post, sandbox.v1 + "/uploads/\(uploadID)/cancel")
        #expect(again.status == 400)
    }

    /// Under heavy faults, state stays consistent: exactly the uploads that got a good answer exist.
    @Test func faultsNeverCorruptState() async throws {
        let sandbox = try await RunningSandbox.start(faults: FaultSpec(rate: 0.5), seed: 7)
        defer { sandbox.stop() }
        var ok = Set<String>()
        var faults = 0
        for n in 0..<24 {
            var form = MultipartForm()
            form.addField("purpose", "fine-tune")
            form.addFile("file", segment: .data(Data("{\"n\":\(n)}\n".utf8)), filename: "f\(n).jsonl")
            do {
                let r = try await send(.post, sandbox.v1 + "/files", headers: ["Authorization": "Bearer sk-sandbox", "Content-Type": form.contentType],
                                       body: form.body)
                if r.status == 200, let id = r.json?["id"]?.string { ok.insert(id) } else { faults += 1 }
            } catch is FTError {
                faults += 1
            }
        }
        #expect(faults > 3)
        #expect(ok.count > 3)
        // Read the list until a request gets through unfaulted.
        var listed: Set<String>?
        for _ in 0..<40 where listed == nil {
            if let r = try? await send(.get, sandbox.v1 + "/files?limit=100"), r.status == 200, let data = r.json?["data"]?.array {
                listed = Set(data.compactMap { $0["id"]?.string })
            }
        }
        #expect(listed == ok)
        // A 429 carries Retry-After, and the client's retries see the list through.
        let settings = try SettingsResolver(options: GlobalOptions(), environment: ["OPENAI_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.v1])
            .resolve(config: ConfigFile())
        let client = FTClient(provider: OpenAIStyleProviderFactory.make(settings), transport: wire, apiKey: "sk-sandbox", maxRetries: 12,
                              retrySleep: { _ in })
        let page = try await client.send(try client.provider.listFiles(limit: 100, after: nil))
        #expect(Set(page.items.map(\.id)) == ok)
    }

    @Test func dataDirKeepsFilesAcrossRestarts() async throws {
        let dir = NSTemporaryDirectory() + "ftctl-sbx-data-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try await RunningSandbox.start(dataDir: dir)
        var form = MultipartForm()
        form.addField("purpose", "fine-tune")
        form.addFile("file", segment: .data(Data("{\"a\":1}\n".utf8)), filename: "keep.jsonl")
        let up = try await send(.post, first.v1 + "/files", headers: ["Authorization": "Bearer sk-sandbox", "Content-Type": form.contentType], body: form.body)
        let id = try #require(up.json?["id"]?.string)
        first.stop()
        let second = try await RunningSandbox.start(dataDir: dir)
        defer { second.stop() }
        let got = try await send(.get, second.v1 + "/files/\(id)")
        #expect(got.json?["filename"] == "keep.jsonl")
        let content = try await send(.get, second.v1 + "/files/\(id)/content")
        #expect(content.body == Data("{\"a\":1}\n".utf8))
    }

    /// Jobs are kept too, with the same event ids and order after a restart, and go on running.
    @Test func dataDirKeepsJobsAndTheirEventsAcrossRestarts() async throws {
        let dir = NSTemporaryDirectory() + "ftctl-sbx-jobs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try await RunningSandbox.start(speed: 2, dataDir: dir, eventsPerStep: 5)
        var form = MultipartForm()
        form.addField("purpose", "fine-tune")
        form.addFile("file", segment: .data(Data("{\"a\":1}\n{\"a\":2}\n".utf8)), filename: "t.jsonl")
        let up = try await send(.post, first.v1 + "/files", headers: ["Authorization": "Bearer sk-sandbox", "Content-Type": form.contentType], body: form.body)
        let file = try #require(up.json?["id"]?.string)
        let job = try #require(try await send(.post, first.v1 + "/fine_tuning/jobs", json: ["model": "m", "training_file": .string(file)]).json?["id"]?.string)
        let before = try await send(.get, first.v1 + "/fine_tuning/jobs/\(job)/events?limit=100").json?["data"]?.array ?? []
        await first.shutdown()
        let second = try await RunningSandbox.start(speed: 2, dataDir: dir)
        defer { second.stop() }
        #expect(try await send(.get, second.v1 + "/fine_tuning/jobs/\(job)").status == 200)
        let after = try await send(.get, second.v1 + "/fine_tuning/jobs/\(job)/events?limit=100").json?["data"]?.array ?? []
        // The same events, oldest ones unchanged, perhaps more at the head (the job ran on).
        #expect(!before.isEmpty)
        #expect(Array(after.suffix(before.count)).map { $0["id"] } == before.map { $0["id"] })
        #expect(Array(after.suffix(before.count)).map { $0["message"] } == before.map { $0["message"] })
        let listed = try await send(.get, second.v1 + "/fine_tuning/jobs").json?["data"]?.array?.compactMap { $0["id"]?.string }
        #expect(listed == [job])
    }

    /// The official `openai` Python package works against the sandbox unchanged.
    @Test func theOfficialOpenAIPythonClientWorks() async throws {
        let sandbox = try await RunningSandbox.start(speed: 0.1)
        defer { sandbox.stop() }
        let b = Binaries()
        let data = try b.dataset()
        let script = """
        import sys
        from openai import OpenAI
        c = OpenAI(base_url=sys.argv[1], api_key="sk-sandbox", max_retries=0)
        f = c.files.create(file=open(sys.argv[2], "rb"), purpose="fine-tune")
        j = c.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=f.id, suffix="py")
        assert j.status in ("validating_files", "queued"), j.status
        ids = [x.id for x in c.fine_tuning.jobs.list(limit=10).data]
        assert j.id in ids, ids
        r = c.fine_tuning.jobs.retrieve(j.id)
        assert r.training_file == f.id
        ev = c.fine_tuning.jobs.list_events(j.id, limit=5).data
        assert ev and ev[-1].message.startswith("Created fine-tuning job"), [e.message for e in ev]
        x = c.fine_tuning.jobs.cancel(j.id)
        assert x.status == "cancelled", x.status
        print("ok", j.id)
        """
        // `make test` installs the package into its own venv and names that python here.
        let python = ProcessInfo.processInfo.environment["FTCTL_TEST_PYTHON"] ?? "python3"
        let r = try await b.run("/usr/bin/env", [python, "-c", script, sandbox.v1, data], env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok ftjob-"))
    }
}

import FTProviders
enum OpenAIStyleProviderFactory {
    static func make(_ settings: Settings) -> any FineTuningProvider {
        (try? ProviderFactory.make(settings)) ?? OpenAIStyleProvider(id: .openai, baseURL: settings.baseURL ?? "")
    }
}
