import FTTokenizer
import Testing

@Suite("chat overhead")
struct ChatTests {
    /// Counting every text as 1 token exposes the template's fixed overhead.
    static func overhead(_ encoding: Encoding, _ messages: [ChatMessage]) -> ChatTokenCount {
        ChatTemplate.count(messages, encoding: encoding) { _ in 1 }
    }

    @Test("OpenAI cookbook: 3 per message, +1 per name, +3 reply priming")
    func openAI() {
        let two = [ChatMessage(role: "user", content: "a"), ChatMessage(role: "assistant", content: "b", name: "x")]
        for encoding in [Encoding.o200kBase, .cl100kBase] {
            // 3 + (3 + role + content) + (3 + role + content + name + 1)
            #expect(Self.overhead(encoding, two) == ChatTokenCount(total: 3 + 5 + 7, content: 2))
        }
    }

    @Test("Llama 3: begin_of_text once, three specials per message")
    func llama() {
        let two = [ChatMessage(role: "user", content: "a", name: "ignored"), ChatMessage(role: "assistant", content: "b")]
        #expect(Self.overhead(.llama3, two) == ChatTokenCount(total: 1 + 2 * (3 + 2), content: 2))
    }

    @Test("Qwen ChatML: im_start, im_end and a newline per message")
    func qwen() {
        let two = [ChatMessage(role: "user", content: "a"), ChatMessage(role: "assistant", content: "b")]
        #expect(Self.overhead(.qwen2, two) == ChatTokenCount(total: 2 * (2 + 1 + 1), content: 2))
        #expect(Self.overhead(.qwen2, []) == ChatTokenCount(total: 0, content: 0))
    }
}
