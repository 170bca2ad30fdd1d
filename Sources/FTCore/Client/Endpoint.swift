/// One call to a provider: the request to send and how to read a successful answer. Built by a
/// provider without doing any I/O; the client sends it.
public struct Endpoint<Output: Sendable>: Sendable {
    public var request: HTTPRequest
    public var decode: @Sendable (HTTPResponse) throws -> Output

    public init(_ request: HTTPRequest, decode: @escaping @Sendable (HTTPResponse) throws -> Output) {
        self.request = request
        self.decode = decode
    }
}

/// Query of `jobs list`.
public struct JobQuery: Sendable, Equatable {
    public var limit: Int?
    public var page: PageToken?
    public var status: String?
    public var model: String?
    public var search: String?
    public var metadata: [(String, String)] = []
    public var sort: String?

    public init(limit: Int? = nil, page: PageToken? = nil, status: String? = nil, model: String? = nil, search: String? = nil) {
        self.limit = limit
        self.page = page
        self.status = status
        self.model = model
        self.search = search
    }

    public static func == (a: JobQuery, b: JobQuery) -> Bool {
        a.limit == b.limit && a.page == b.page && a.status == b.status && a.model == b.model && a.search == b.search
            && a.sort == b.sort && a.metadata.map { "\($0)=\($1)" } == b.metadata.map { "\($0)=\($1)" }
    }
}

/// Query of event, log and checkpoint listings.
public struct EventQuery: Sendable, Equatable {
    public var limit: Int?
    public var after: String?
    public var since: String?
    public init(limit: Int? = nil, after: String? = nil, since: String? = nil) {
        self.limit = limit
        self.after = after
        self.since = since
    }
}
