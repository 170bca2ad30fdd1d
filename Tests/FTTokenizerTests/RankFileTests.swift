import FTCore
import FTTokenizer
import Foundation
import Testing

@Suite("rank files")
struct RankFileTests {
    /// A temporary rank file with every single byte (so it is loadable) plus `extra` lines.
    static func writeFile(_ extra: [String], includeBytes: Bool = true) throws -> String {
        var lines: [String] = []
        if includeBytes {
            lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        }
        lines += extra
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fttok-\(UUID().uuidString).tiktoken").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("identify() recognises each published file by its SHA-256", arguments: Encoding.allCases)
    func identify(_ encoding: Encoding) throws {
        #expect(try RankFile.identify(path: TestPaths.rankFile(encoding)) == encoding)
        let file = try RankFile.load(path: TestPaths.rankFile(encoding))
        #expect(file.identified == encoding)
        #expect(file.sha256 == encoding.rankFileSHA256)
        #expect(file.tokenCount == encoding.rankCount)
    }

    @Test("an unknown file is identified as nil and needs its family named")
    func unknownFile() throws {
        let path = try Self.writeFile(["aGk= 256"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try RankFile.identify(path: path) == nil)
        let file = try RankFile.load(path: path)
        #expect(file.tokenCount == 257)
        #expect(throws: FTError.self) { try Tokenizer(rankFile: file) }
        let tokenizer = try Tokenizer(rankFile: file, encoding: .cl100kBase)
        #expect(tokenizer.encodeOrdinary("hi hi") == [256, 32, 256])
        #expect(tokenizer.count("hi hi") == 3)
    }

    @Test("a bad line is an FTError naming the file and the line", arguments: [
        ("not-base64! 300", "line 258"), ("aGk=", "line 258"), ("aGk= x1", "line 258"),
        ("aGk= 99999999999", "line 258"), ("a 5", "line 258"), ("=== 7", "line 258"),
    ])
    func badLine(_ line: String, _ expected: String) throws {
        let path = try Self.writeFile(["aGVsbG8= 256", line])
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try RankFile.load(path: path)
            Issue.record("loaded a file with the line \(escaped(line))")
        } catch let error as FTError {
            #expect(error.code == .invalidData)
            #expect(error.why.contains(expected), "\(error)")
            #expect(error.what.contains(path))
        }
    }

    @Test("blank lines and CRLF endings are accepted, as tiktoken accepts them")
    func lenient() throws {
        let path = try Self.writeFile(["", "aGk= 256\r", "", ""])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try RankFile.load(path: path).tokenCount == 257)
    }

    @Test("a file without every single byte is refused (BPE could not finish)")
    func missingByte() throws {
        let path = try Self.writeFile(["aGk= 0"], includeBytes: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try RankFile.load(path: path) } throws: { ($0 as? FTError)?.code == .invalidData }
    }

    @Test("a missing file is fileMissing; an empty one is invalidData")
    func missingAndEmpty() throws {
        #expect { try RankFile.load(path: "/nonexistent/x.tiktoken") } throws: { ($0 as? FTError)?.code == .fileMissing }
        #expect { try RankFile.identify(path: "/nonexistent/x.tiktoken") } throws: { ($0 as? FTError)?.code == .fileMissing }
        let path = try Self.writeFile([], includeBytes: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try RankFile.load(path: path) } throws: { ($0 as? FTError)?.code == .invalidData }
    }

    @Test("random bytes never trap the loader")
    func garbage() throws {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<50 {
            let bytes = (0..<(rng.next(3000))).map { _ in UInt8(rng.next(256)) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("fttok-g-\(UUID().uuidString)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: FTError.self) { try RankFile.load(path: path) }
        }
    }
}

@Suite("families and models")
struct EncodingTests {
    @Test("model names map to families", arguments: [
        ("gpt-4o", Encoding.o200kBase), ("gpt-4o-mini-2024-07-18", .o200kBase), ("ft:gpt-4o-mini-2024-07-18:acme::abc", .o200kBase),
        ("gpt-4.1", .o200kBase), ("gpt-4.1-nano", .o200kBase), ("o1", .o200kBase), ("o1-mini", .o200kBase),
        ("o3-mini", .o200kBase), ("o4-mini", .o200kBase), ("chatgpt-4o-latest", .o200kBase),
        ("gpt-3.5-turbo", .cl100kBase), ("gpt-3.5-turbo-0125", .cl100kBase), ("gpt-4", .cl100kBase),
        ("gpt-4-0613", .cl100kBase), ("gpt-4-turbo", .cl100kBase), ("ft:gpt-3.5-turbo:org::x", .cl100kBase),
        ("meta-llama/Llama-3.1-8B-Instruct", .llama3), ("meta-llama/Llama-3.3-70B-Instruct", .llama3),
        ("meta-llama/Meta-Llama-3-8B", .llama3), ("llama-3.2-1b", .llama3), ("LLAMA-3-70B", .llama3),
        ("Qwen/Qwen2-7B", .qwen2), ("Qwen/Qwen2.5-7B-Instruct", .qwen2), ("qwen2.5-coder-32b", .qwen2),
        ("Qwen/Qwen3-8B", .qwen2), ("Qwen3-235B-A22B", .qwen2),
    ])
    func known(_ model: String, _ family: Encoding) {
        #expect(Encoding.forModel(model) == family)
    }

    @Test("unknown models map to nil", arguments: [
        "", "gpt-4.5-preview", "gpt4", "o2", "o10", "davinci-002", "llama-2-7b", "llama-30b", "Qwen/Qwen3.5-7B",
        "mistral-7b", "claude-3", "gemma-2",
    ])
    func unknown(_ model: String) {
        #expect(Encoding.forModel(model) == nil)
    }

    @Test("known SHA-256s identify their family, case-insensitively")
    func shas() {
        for encoding in Encoding.allCases {
            #expect(Encoding(rankFileSHA256: encoding.rankFileSHA256.uppercased()) == encoding)
        }
        #expect(Encoding(rankFileSHA256: String(repeating: "0", count: 64)) == nil)
    }
}
