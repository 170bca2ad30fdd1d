/// Anything ftctl prints: it has an id, a normalized JSON form and, when it came from a server,
/// the provider's own JSON (`--raw`).
public protocol Resource: Sendable {
    /// `job`, `file`, `event`… as `-o name` prints it.
    static var kind: String { get }
    var id: String { get }
    var json: JSONValue { get }
    var raw: JSONValue? { get }
}

/// One page of a list, with how to get the next one.
public struct Page<Item: Resource>: Sendable {
    public var items: [Item]
    public var hasMore: Bool
    /// The cursor (`after`) or offset that fetches the next page.
    public var next: PageToken?
    public var raw: JSONValue?

    public init(items: [Item], hasMore: Bool, next: PageToken? = nil, raw: JSONValue? = nil) {
        self.items = items
        self.hasMore = hasMore
        self.next = next
        self.raw = raw
    }
}

public enum PageToken: Sendable, Equatable {
    case after(String)
    case offset(Int)
}
