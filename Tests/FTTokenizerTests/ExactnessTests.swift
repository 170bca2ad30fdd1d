import FTTokenizer
import Foundation
import Testing

/// Our ids equal tiktoken's, text by text, for every family, on a corpus built to break
/// pre-tokenizers; and `count` always agrees with `encodeOrdinary`.
@Suite("exact against tiktoken")
struct ExactnessTests {
    static let texts = Corpus.handwritten + Corpus.long + Corpus.random(seed: 0xF7C7_0001, count: 3000)

    @Test("ids equal tiktoken's encode_ordinary", arguments: Encoding.allCases)
    func idsMatch(_ encoding: Encoding) throws {
        let tokenizer = try Tokenizer.load(path: TestPaths.rankFile(encoding))
        #expect(tokenizer.encoding == encoding)
        let texts = Self.texts
        let reference = try Reference.run(encoding, texts: texts)
        try #require(reference.ids.count == texts.count)
        var mismatches = 0
        var first: String?
        for (index, text) in texts.enumerated() {
            let ours = tokenizer.encodeOrdinary(text)
            let count = tokenizer.count(text)
            if ours != reference.ids[index] || count != ours.count {
                mismatches += 1
                if first == nil {
                    let pieces = PreTokenizer(kind: encoding.patternKind).pieces(text).map(escaped)
                    first = """
                        text #\(index) \(escaped(text))
                          tiktoken: \(reference.ids[index])
                          ours:     \(ours) (count \(count))
                          our pieces: \(pieces.joined(separator: " | "))
                        """
                }
            }
        }
        #expect(mismatches == 0, "\(encoding.rawValue): \(mismatches) of \(texts.count) texts differ; first:\n\(first ?? "")")
    }

    @Test("pieces equal the pattern's matches (Python regex module)", arguments: Encoding.allCases)
    func piecesMatch(_ encoding: Encoding) throws {
        let texts = Self.texts
        let reference = try Reference.run(encoding, texts: texts)
        try #require(reference.pieces.count == texts.count)
        let preTokenizer = PreTokenizer(kind: encoding.patternKind)
        var mismatches = 0
        var first: String?
        for (index, text) in texts.enumerated() {
            let input = encoding.normalizesNFC ? text.precomposedStringWithCanonicalMapping : text
            let ours = preTokenizer.pieces(input)
            // Compare scalar by scalar: String == would call canonically equivalent pieces equal.
            if ours.map({ Array($0.unicodeScalars) }) != reference.pieces[index].map({ Array($0.unicodeScalars) }) {
                mismatches += 1
                if first == nil {
                    first = """
                        text #\(index) \(escaped(text))
                          regex: \(reference.pieces[index].map(escaped).joined(separator: " | "))
                          ours:  \(ours.map(escaped).joined(separator: " | "))
                        """
                }
            }
        }
        #expect(mismatches == 0, "\(encoding.rawValue): \(mismatches) of \(texts.count) texts split differently; first:\n\(first ?? "")")
    }

    @Test("chat templates count what tiktoken counts on the rendered template", arguments: Encoding.allCases)
    func chatCounts(_ encoding: Encoding) throws {
        let tokenizer = try Tokenizer.load(path: TestPaths.rankFile(encoding))
        let chats = Corpus.chats(seed: 77, count: 200)
        let reference = try Reference.run(encoding, texts: [], chats: chats)
        try #require(reference.chats.count == chats.count)
        for (index, chat) in chats.enumerated() {
            let messages = chat.map { ChatMessage(role: $0.role, content: $0.content, name: $0.name) }
            let ours = tokenizer.countChat(messages)
            let expected = reference.chats[index]
            #expect([ours.total, ours.content] == expected, "chat #\(index): \(messages.map { escaped($0.content) })")
            if [ours.total, ours.content] != expected { break }
        }
    }
}
