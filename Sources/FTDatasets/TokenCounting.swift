/// One chat message as the token counter sees it: text already extracted (content parts joined,
/// an assistant's tool calls as their function names and arguments).
public struct ChatMessage: Sendable, Hashable {
    public var role: String
    public var content: String
    public var name: String?

    public init(role: String, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }
}

/// Counts tokens. The exact BPE tokenizer and `EstimateTokenCounter` both conform.
public protocol TokenCounting: Sendable {
    /// Shown in reports, e.g. `o200k_base` or `estimate`.
    var name: String { get }
    /// False when the counts are estimates.
    var isExact: Bool { get }
    func count(_ text: String) -> Int
    /// `total` as OpenAI's cookbook counts a chat example (3 tokens per message, the role's and
    /// content's tokens, the name's plus 1, and 3 for the reply's priming); `content` the
    /// content's tokens alone. The default implementation does exactly that with `count`.
    func chatCounts(_ messages: [ChatMessage]) -> (total: Int, content: Int)
}

extension TokenCounting {
    public func chatCounts(_ messages: [ChatMessage]) -> (total: Int, content: Int) {
        var total = 3
        var content = 0
        for m in messages {
            let c = count(m.content)
            total += 3 + count(m.role) + c
            if let name = m.name { total += count(name) + 1 }
            content += c
        }
        return (total, content)
    }
}

/// An estimate for OpenAI-style BPE vocabularies: one token per 4 UTF-8 bytes, rounded up.
public struct EstimateTokenCounter: TokenCounting {
    public init() {}
    public var name: String { "estimate" }
    public var isExact: Bool { false }
    public func count(_ text: String) -> Int {
        (text.utf8.count + 3) / 4
    }
}
