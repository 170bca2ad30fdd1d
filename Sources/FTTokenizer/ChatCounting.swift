/// One chat message as a dataset line holds it.
public struct ChatMessage: Sendable, Hashable, Codable {
    public var role: String
    public var content: String
    /// OpenAI's optional participant name; the Llama 3 and Qwen templates have no place for it.
    public var name: String?

    public init(role: String, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }
}

/// Tokens of one example: `total` with the chat template's overhead, `content` the message
/// contents alone (what a per-field count would say).
public struct ChatTokenCount: Sendable, Hashable, Codable {
    public var total: Int
    public var content: Int

    public init(total: Int, content: Int) {
        self.total = total
        self.content = content
    }
}

/// How each family wraps a conversation, as token counts. Text pieces are counted with the given
/// function (exact or estimated); special tokens count 1 each.
public enum ChatTemplate {
    /// Counts one example (a list of messages) the way its family's chat format tokenizes it.
    ///
    /// - o200k/cl100k: OpenAI cookbook, "How to count tokens with tiktoken"
    ///   (`num_tokens_from_messages`): 3 tokens per message, plus the tokens of every value
    ///   (role, content, name), plus 1 per `name`, plus 3 for the priming of the reply
    ///   (`<|start|>assistant<|message|>`). OpenAI calls this an estimate for newer models.
    /// - llama3: Meta's Llama 3 model card, prompt format: `<|begin_of_text|>` once, then per message
    ///   `<|start_header_id|>` role `<|end_header_id|>` "\n\n" content `<|eot_id|>`. The text between
    ///   two special tokens is one encoding unit, so "\n\n" is counted with the content (they can
    ///   merge). Content is counted as given (Hugging Face's template also trims it). No reply prompt.
    /// - qwen2: Qwen's ChatML chat template: per message `<|im_start|>` role "\n" content `<|im_end|>`
    ///   "\n". No default system message is added (Qwen2.5's template adds one when none is given).
    public static func count(_ messages: [ChatMessage], encoding: Encoding,
                             countText: (String) -> Int) -> ChatTokenCount {
        var content = 0
        var total = 0
        switch encoding {
        case .o200kBase, .cl100kBase:
            for message in messages {
                let contentTokens = countText(message.content)
                content += contentTokens
                total += 3 + countText(message.role) + contentTokens
                if let name = message.name { total += countText(name) + 1 }
            }
            total += 3
        case .llama3:
            total = 1 // <|begin_of_text|>
            for message in messages {
                content += countText(message.content)
                // <|start_header_id|> role <|end_header_id|> "\n\n"+content <|eot_id|>
                total += 3 + countText(message.role) + countText("\n\n" + message.content)
            }
        case .qwen2:
            let newline = countText("\n")
            for message in messages {
                content += countText(message.content)
                // <|im_start|> role+"\n"+content <|im_end|> "\n"
                total += 2 + countText(message.role + "\n" + message.content) + newline
            }
        }
        return ChatTokenCount(total: total, content: content)
    }
}

extension Tokenizer {
    /// Exact tokens of one chat example under this tokenizer's family (see `ChatTemplate.count`).
    public func countChat(_ messages: [ChatMessage]) -> ChatTokenCount {
        ChatTemplate.count(messages, encoding: encoding) { count($0) }
    }
}
