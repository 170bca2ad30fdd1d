import FTCore

/// `jobs list` with filters. A filter the provider's server applies is sent; one it does not is
/// applied here, before the limit, paging on until the limit is filled; one that can be done
/// neither way is refused, never silently ignored.
public struct JobListing: Sendable {
    public struct Filter: Sendable, Equatable {
        public var status: String?
        public var model: String?
        public var search: String?
        public var metadata: [String: String] = [:]
        public init(status: String? = nil, model: String? = nil, search: String? = nil, metadata: [String: String] = [:]) {
            self.status = status
            self.model = model
            self.search = search
            self.metadata = metadata
        }
    }

    public let client: FTClient

    public init(client: FTClient) {
        self.client = client
    }

    /// Up to `limit` jobs matching `filter` (every one when nil), newest first, starting after `after`.
    public func list(_ filter: Filter = Filter(), limit: Int? = 20, after: String? = nil) async throws -> [Job] {
        var out: [Job] = []
        for try await job in jobs(filter, after: after, pageSize: limit.map { min($0, client.provider.dialect.maxPageSize) }) {
            out.append(job)
            if let limit, out.count >= limit { break }
        }
        return out
    }

    /// Every matching job, walking pages as the sequence is read. Stops if a server repeats a
    /// page, which would otherwise loop forever.
    public func jobs(_ filter: Filter = Filter(), after: String? = nil, pageSize: Int? = nil) -> AsyncThrowingStream<Job, any Error> {
        let client = self.client
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let plan = try Self.plan(filter, dialect: client.provider.dialect)
                    // Filtering here means pages may hold few matches: ask for full pages then.
                    let size = plan.local.isEmpty ? (pageSize ?? client.provider.dialect.maxPageSize) : client.provider.dialect.maxPageSize
                    var query = plan.query
                    query.limit = size
                    if let after { query.page = .after(after) }
                    var seen = Set<String>()
                    while true {
                        try Task.checkCancellation()
                        let page = try await client.send(try client.provider.listJobs(query))
                        let fresh = page.items.filter { seen.insert($0.id).inserted }
                        for job in fresh where plan.local.allSatisfy({ $0(job) }) { continuation.yield(job) }
                        guard page.hasMore, let next = page.next, !fresh.isEmpty else { break }
                        query.page = next
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What goes to the server, and what is checked here.
    struct Plan {
        var query: JobQuery
        var local: [@Sendable (Job) -> Bool]
    }

    static func plan(_ filter: Filter, dialect: Dialect) throws -> Plan {
        var query = JobQuery()
        var local: [@Sendable (Job) -> Bool] = []
        let server = dialect.listFilters
        if let status = filter.status {
            if server.contains(.status) { query.status = status }
            let wanted = JobStatus.normalize(status)
            local.append { $0.status == wanted || $0.status.rawValue == status }
        }
        if let model = filter.model {
            if server.contains(.model) { query.model = model }
            local.append { $0.model == model }
        }
        if let search = filter.search {
            guard server.contains(.search) else {
                throw FTError(.usage, what: "--search", why: "\(dialect.id) cannot search jobs",
                              hint: "Leave --search out; filter with --status or --model, or pipe -o json to jq.")
            }
            query.search = search
        }
        if !filter.metadata.isEmpty {
            let pairs = filter.metadata.sorted { $0.key < $1.key }
            if server.contains(.metadata) { query.metadata = pairs.map { ($0.key, $0.value) } }
            local.append { job in pairs.allSatisfy { job.metadata?[$0.key]?.string == $0.value } }
        }
        return Plan(query: query, local: local)
    }
}
