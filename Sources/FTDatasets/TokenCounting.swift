import FTTokenizer

/// Chat messages as the token counter sees them (`FTTokenizer.ChatMessage`): text already
/// extracted (content parts joined, an assistant's tool calls as their names and arguments).
public typealias ChatMessage = FTTokenizer.ChatMessage

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

/// Exact counts from a BPE rank file, with each family's chat overhead (the cookbook's for
/// OpenAI's encodings, the chat templates' special tokens for Llama 3 and Qwen).
public struct ExactTokenCounter: TokenCounting {
    public let tokenizer: Tokenizer

    public init(_ tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
    }

    public var name: String { tokenizer.encoding.rawValue }
    public var isExact: Bool { true }
    public func count(_ text: String) -> Int { tokenizer.count(text) }
    public func chatCounts(_ messages: [ChatMessage]) -> (total: Int, content: Int) {
        let c = tokenizer.countChat(messages)
        return (c.total, c.content)
    }
}

/// The estimate for a family when its rank file is not on this machine (error bound:
/// `TokenEstimate.estimateErrorBound`).
public struct FamilyEstimateCounter: TokenCounting {
    public let encoding: Encoding

    public init(_ encoding: Encoding) {
        self.encoding = encoding
    }

    public var name: String { encoding.rawValue }
    public var isExact: Bool { false }
    public func count(_ text: String) -> Int { TokenEstimate.estimate(text, encoding: encoding) }
    public func chatCounts(_ messages: [ChatMessage]) -> (total: Int, content: Int) {
        let c = TokenEstimate.estimateChat(messages, encoding: encoding)
        return (c.total, c.content)
    }
}
