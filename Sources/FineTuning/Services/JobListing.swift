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
    /// Hears why a listing ended early: a gateway that cannot page past its first page.
    public var onNote: @Sendable (String) -> Void = { _ in }

    public init(client: FTClient) {
        self.client = client
    }

    /// Up to `limit` jobs matching `filter` (every one when nil), newest first, starting after `after`.
    public func list(_ filter: Filter = Filter(), limit: Int? = 20, after: String? = nil) async throws -> [Job] {
        var out: [Job] = []
        for try await job in jobs(filter, after: after, pageSize: limit.map { min($0, client.provider.declaration.maxPageSize) }) {
            out.append(job)
            if let limit, out.count >= limit { break }
        }
        return out
    }

    /// Every matching job, walking pages as the sequence is read: a page is fetched only when
    /// the previous one is used up, so stopping early sends nothing more.
    public func jobs(_ filter: Filter = Filter(), after: String? = nil, pageSize: Int? = nil) -> JobSequence {
        JobSequence(client: client, filter: filter, after: after, pageSize: pageSize, onNote: onNote)
    }

    /// What goes to the server, and what is checked here.
    struct Plan {
        var query: JobQuery
        var local: [@Sendable (Job) -> Bool]
    }

    static func plan(_ filter: Filter, declaration: ProviderDeclaration) throws -> Plan {
        var query = JobQuery()
        var local: [@Sendable (Job) -> Bool] = []
        let server = declaration.listFilters
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
                throw FTError(.usage, what: "--search", why: "\(declaration.id) cannot search jobs",
                              hint: "Leave the search out; filter by status or model instead.")
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

/// The jobs of a listing, a page at a time. Stops if a server repeats a page, which would
/// otherwise loop forever.
public struct JobSequence: AsyncSequence, Sendable {
    public typealias Element = Job
    let client: FTClient
    let filter: JobListing.Filter
    let after: String?
    let pageSize: Int?
    var onNote: @Sendable (String) -> Void = { _ in }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: FTClient
        let onNote: @Sendable (String) -> Void
        var plan: Result<JobListing.Plan, any Error>
        var buffer: [Job] = []
        var query: JobQuery?
        var seen = Set<String>()
        var done = false

        public mutating func next() async throws -> Job? {
            while buffer.isEmpty {
                guard !done, var q = query else { return nil }
                let plan = try self.plan.get()
                let page = try await client.send(try client.provider.listJobs(q))
                let fresh = page.items.filter { seen.insert($0.id).inserted }
                if let why = page.raw?["ftctl_truncated"]?.string { onNote("\(client.provider.id) to \(client.provider.declaration.upstream?.name ?? "its upstream"): only the first page: \(why)") }
                buffer = fresh.filter { job in plan.local.allSatisfy { $0(job) } }
                if page.hasMore, let next = page.next, !fresh.isEmpty { q.page = next; query = q } else { done = true }
            }
            return buffer.removeFirst()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let declaration = client.provider.declaration
        let plan = Result { try JobListing.plan(filter, declaration: declaration) }
        var query: JobQuery?
        if case .success(let p) = plan {
            var q = p.query
            // Filtering here means pages may hold few matches: ask for full pages then.
            q.limit = p.local.isEmpty ? Swift.min(pageSize ?? declaration.maxPageSize, declaration.maxPageSize) : declaration.maxPageSize
            if let after { q.page = .after(after) }
            query = q
        } else {
            query = JobQuery()
        }
        return AsyncIterator(client: client, onNote: onNote, plan: plan, query: query)
    }
}
