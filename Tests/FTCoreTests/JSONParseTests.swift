import FTCore
import Foundation
import Testing

/// `JSONValue.parse` reads documents with the dataset scanner instead of `JSONDecoder` (start-up
/// cost, Docs/BENCH.md). Every response, config and ledger line goes through it, so it must read
/// what the decoder read, value for value: these compare the two on the fuzzers' inputs and on
/// the awkward cases of the grammar.
@Suite("JSON documents read as JSONDecoder reads them")
struct JSONParseTests {
    static func decoder(_ data: Data) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: data) }

    static let corpus: [Data] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fuzz/corpus")
        var out: [Data] = []
        for target in ["decode", "config", "spec"] {
            let dir = root.appendingPathComponent(target)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                if let d = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) { out.append(d) }
            }
        }
        return out
    }()

    /// What only the decoder takes: a trailing comma (`[1, ]`), and a NUL byte, where it stops reading.
    static func decoderOnlyLeniency(_ data: Data) -> Bool {
        if data.contains(0) { return true }
        var lastSignificant: UInt8 = 0
        for b in data where b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09 {
            if lastSignificant == UInt8(ascii: ","), b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { return true }
            lastSignificant = b
        }
        return false
    }

    @Test func fuzzInputsReadTheSame() {
        #expect(Self.corpus.count > 100, "the fuzz corpus was not found")
        var documents = 0
        for data in Self.corpus {
            let ours = JSONValue.parse(data), theirs = Self.decoder(data)
            #expect((ours == nil) == (theirs == nil) || (ours == nil && Self.decoderOnlyLeniency(data)),
                    "\(Array(data.prefix(300)))")
            if let ours, let theirs {
                documents += 1
                #expect(ours.serialized() == theirs.serialized())
            }
        }
        #expect(documents > 50, "too few of the inputs are JSON to compare")
    }

    @Test(arguments: [
        #"{"b": 1, "a": [true, false, null], "c": {"z": "x", "y": -0.5}}"#,
        #"  [1, 1.0, 1e2, -0, 12345678901234567890, 9223372036854775807, -9223372036854775808, 1.5e300, 0.1]  "#,
        #""\u00e9\ud83d\ude00 \" \\ \/ \b\f\n\r\t""#, #""plain""#, "42", "true", "null",
        #"{"id": "ftjob-1", "hyperparameters": {"n_epochs": "auto", "batch_size": 4}, "events": []}"#,
        #"{"a": {}, "b": [], "c": [[[]]], "d": ""}"#,
        "\u{FEFF}{\"bom\": 1}",
    ])
    func documentsReadTheSame(text: String) throws {
        let data = Data(text.utf8)
        let ours = try #require(JSONValue.parse(data))
        let theirs = try #require(Self.decoder(data))
        #expect(ours == theirs)
        #expect(ours.serialized() == theirs.serialized())
    }

    @Test(arguments: ["", " ", "{", "{\"a\" 1}", "01", "1.", "-", "NaN", "[1] x", "\"\u{01}\"", "tru", "1e400",
                      "'single'", "{a: 1}"])
    func nonJSONIsRefusedAsTheDecoderRefusesIt(text: String) {
        let data = Data(text.utf8)
        #expect(JSONValue.parse(data) == nil)
        #expect(Self.decoder(data) == nil)
    }

    @Test func invalidUTF8IsRefused() {
        let data = Data([0x22, 0xC3, 0x28, 0x22])
        #expect(JSONValue.parse(data) == nil)
        #expect(Self.decoder(data) == nil)
    }

    @Test func aRepeatedKeyKeepsItsFirstValueAndKeysComeSorted() throws {
        let data = Data(#"{"b": 1, "a": 2, "b": 3}"#.utf8)
        let v = try #require(JSONValue.parse(data))
        #expect(v.object?.keys == ["a", "b"])
        #expect(v["b"] == 1)
        #expect(v == Self.decoder(data))
    }

    /// The differences: `JSONDecoder` takes a trailing comma, which RFC 8259 and every provider's
    /// JSON leave out, and stops at a NUL byte; a body with either is now not JSON.
    @Test(arguments: ["[1,]", "{\"a\":1,}", "2\u{0}"])
    func whatOnlyTheDecoderTookIsRefused(text: String) {
        #expect(JSONValue.parse(Data(text.utf8)) == nil)
    }

    @Test func nestingIsReadToTheLimitAndRefusedPastIt() {
        func nested(_ depth: Int) -> Data { Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8) }
        #expect(JSONValue.parse(nested(JSONDepth.limit)) != nil)
        #expect(JSONValue.parse(nested(JSONDepth.limit + 1)) == nil)
        #expect(JSONValue.parse(nested(100_000)) == nil)
    }

    /// Strings are written by runs between the bytes JSON escapes; what is written must read back
    /// as the same string, and escape as JSONEncoder escapes (control characters as \u00XX).
    @Test(arguments: ["plain", "", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{1}\u{1f}\u{7f}",
                      "é ü 日本 😀", "mixed \u{0}é\"😀\\", String(repeating: "a\"", count: 300)])
    func stringsAreWrittenSoTheyReadBack(text: String) throws {
        let written = JSONValue.string(text).serialized()
        #expect(JSONValue.parse(Data(written.utf8)) == .string(text))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let reference = String(decoding: try encoder.encode(text), as: UTF8.self)
        #expect(written.lowercased() == reference.lowercased())
    }
}
