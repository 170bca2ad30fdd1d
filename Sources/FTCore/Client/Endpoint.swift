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

/// Query of `files list`. `order` is OpenAI's `asc` or `desc`.
public struct FileQuery: Sendable, Equatable {
    public var limit: Int?
    public var after: String?
    public var purpose: String?
    public var order: String?
    public init(limit: Int? = nil, after: String? = nil, purpose: String? = nil, order: String? = nil) {
        self.limit = limit
        self.after = after
        self.purpose = purpose
        self.order = order
    }
}

/// Query of a checkpoint's permissions. `order` is `ascending` or `descending` here (not `asc`/`desc`
/// as for files): openapi.yaml, `GET /fine_tuning/checkpoints/{…}/permissions`.
public struct PermissionQuery: Sendable, Equatable {
    public var projectID: String?
    public var after: String?
    public var limit: Int?
    public var order: String?
    public init(projectID: String? = nil, after: String? = nil, limit: Int? = nil, order: String? = nil) {
        self.projectID = projectID
        self.after = after
        self.limit = limit
        self.order = order
    }
}
