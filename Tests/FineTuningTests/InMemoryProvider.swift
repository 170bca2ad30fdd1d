import FineTuning
import Foundation

/// An in-memory OpenAI-style server for service tests: jobs and events held in arrays, paged by
/// `after` and `limit` as OpenAI pages, every request recorded.
final class InMemoryProvider: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    var jobs: [JSONValue]
    var events: [JSONValue] = []
    /// Status answered by successive `GET /fine_tuning/jobs/ID` calls; the last one repeats.
    var statuses: [String] = []
    private(set) var requests: [HTTPRequest] = []
    /// The answer to every job action (POST /fine_tuning/jobs/ID/ACTION); nil answers with the job.
    var actionReply: HTTPResponse?

    init(jobs: [JSONValue] = []) { self.jobs = jobs }

    static func job(_ n: Int, status: String, model: String = "gpt-4o-mini") -> JSONValue {
        ["id": .string("ftjob-\(n)"), "object": "fine_tuning.job", "status": .string(status), "model": .string(model),
         "created_at": .int(Int64(1_700_000_000 - n)), "training_file": "file-1"]
    }

    var urls: [String] { lock.withLock { requests.map(\.url) } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { requests.append(request) }
        let url = URLComponents(string: request.url)
        let path = url?.path ?? ""
        let query = Dictionary((url?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if path.hasSuffix("/fine_tuning/jobs") { return page(lock.withLock { jobs }, query) }
        if path.hasSuffix("/events") { return page(lock.withLock { events }, query) }
        if request.method == .post, path.contains("/fine_tuning/jobs/"), let reply = lock.withLock({ actionReply }) { return reply }
        if path.contains("/fine_tuning/jobs/") {
            let id = String(path.split(separator: "/").last ?? "")
            let status: String = lock.withLock { statuses.count > 1 ? statuses.removeFirst() : (statuses.first ?? "running") }
            var job = Self.job(0, status: status)
            if case .object(var o) = job { o["id"] = .string(id); job = .object(o) }
            return ok(job)
        }
        return HTTPResponse(status: 404, body: Data(#"{"error":{"message":"no route"}}"#.utf8))
    }

    private func page(_ items: [JSONValue], _ query: [String: String]) -> HTTPResponse {
        let limit = Int(query["limit"] ?? "20") ?? 20
        var rest = items[...]
        if let after = query["after"], let i = items.firstIndex(where: { $0["id"]?.string == after }) { rest = items[(i + 1)...] }
        let shown = Array(rest.prefix(limit))
        return ok(["object": "list", "data": .array(shown), "has_more": .bool(rest.count > shown.count)])
    }

    private func ok(_ json: JSONValue) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(json.serialized().utf8))
    }

    func client(_ declaration: ProviderDeclaration = .openai) -> FTClient {
        FTClient(provider: OpenAIStyleProvider(declaration: declaration, baseURL: "https://example.test/v1"), transport: self,
                 apiKey: "k", maxRetries: 0)
    }
}
