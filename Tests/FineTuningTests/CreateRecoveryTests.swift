import FineTuning
import Foundation
import Testing

/// After a lost create reply through a Portkey upstream that keeps no marker (fireworks-ai), the
/// job is the one new job with the create's model and training file; with two such jobs, nothing
/// is sent again and the error says what to look for.
@Suite("create recovery without a marker")
struct CreateRecoveryTests {
    /// Lists jobs; a create adds `sameTime` identical jobs (ours and others'), then loses the reply.
    final class LosingServer: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var jobs: [JSONValue] = [LosingServer.job("old", model: "m", file: "ds-1")]
        private(set) var creates = 0
        let sameTime: Int
        init(sameTime: Int) { self.sameTime = sameTime }

        static func job(_ id: String, model: String, file: String) -> JSONValue {
            ["id": .string(id), "model": .string(model), "training_file": .string(file), "status": "queued",
             "created_at": .int(Int64(Date().timeIntervalSince1970 * 1000))]
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if request.method == .post {
                lock.withLock {
                    creates += 1
                    for n in 0..<sameTime { jobs.insert(Self.job("new-\(creates)-\(n)", model: "m", file: "ds-1"), at: 0) }
                }
                throw FTError(.network, what: "create job", why: "the connection broke")
            }
            let body = JSONValue.object(JSONObject([("object", "list"), ("data", .array(lock.withLock { jobs })), ("has_more", false)]))
            return HTTPResponse(status: 200, body: Data(body.serialized().utf8))
        }
    }

    func creator(_ server: LosingServer) throws -> JobCreator {
        let provider = try ProviderFactory.make(declaration: .portkey, baseURL: "https://gw.example/v1", options: [.portkeyProvider: "fireworks-ai", .fireworksAccountID: "acme"])
        var c = JobCreator(client: FTClient(provider: provider, transport: server, apiKey: "k", maxRetries: 2))
        c.sleep = { _ in }
        return c
    }

    @Test func theOneNewMatchingJobIsOurs() async throws {
        let server = LosingServer(sameTime: 1)
        let job = try await creator(server).create(JobSpec(model: "m", trainingFile: "ds-1"))
        #expect(job.id == "new-1-0")
        #expect(server.creates == 1)
    }

    @Test func twoNewMatchingJobsAreNotGuessedAndNothingIsResent() async throws {
        let server = LosingServer(sameTime: 2)
        let e = await #expect(throws: FTError.self) { try await creator(server).create(JobSpec(model: "m", trainingFile: "ds-1")) }
        #expect(server.creates == 1, "the create was not sent again")
        #expect(e?.hint?.contains("model m and training file ds-1") == true, "\(e?.description ?? "")")
    }
}
