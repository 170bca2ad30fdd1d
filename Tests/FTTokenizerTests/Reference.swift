import FTTokenizer
import Foundation

/// Where the tests find their inputs. `FTCTL_TOKENIZERS_DIR` (rank files) defaults to
/// `<repo root>/../shared/tokenizers`, derived from this file's path; `FTCTL_TEST_PYTHON`
/// (a python3 with `tiktoken` installed) defaults to `python3` on PATH.
enum TestPaths {
    static var tokenizersDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["FTCTL_TOKENIZERS_DIR"], !dir.isEmpty { return dir }
        // <root>/Tests/FTTokenizerTests/Reference.swift → <root>/../shared/tokenizers
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/tokenizers").path
    }

    static var python: String {
        ProcessInfo.processInfo.environment["FTCTL_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    }

    static func rankFile(_ encoding: Encoding) -> String {
        tokenizersDirectory + "/" + encoding.fileName
    }
}

struct ReferenceError: Error, CustomStringConvertible {
    var description: String
}

/// The reference: Python's tiktoken over the same rank file, pattern and special tokens, run once
/// per rank file with every text (JSON in a file, JSON out in a file).
enum Reference {
    struct Output: Decodable {
        /// `encode_ordinary` of each text (NFC first where the family normalizes).
        var ids: [[Int]]
        /// The same texts split by Python's `regex` module with the family's pattern: the pieces
        /// BPE runs on, which ids alone often cannot show (BPE may split a piece where a
        /// different pre-tokenizer would have).
        var pieces: [[String]]
        /// Per chat: [total, content].
        var chats: [[Int]]
    }

    private struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
            var name: String?
        }
        var path: String
        var name: String
        var pattern: String
        var special: [String: Int]
        var nfc: Bool
        var template: String
        var texts: [String]
        var chats: [[Message]]
    }

    /// Template names: "openai" (cookbook formula), "llama3" and "qwen2" (rendered with their
    /// special tokens and encoded with them allowed, so overhead is tiktoken's, not ours).
    static let script = #"""
import base64, json, sys, unicodedata
import regex
import tiktoken

req = json.load(open(sys.argv[1], encoding="utf-8"))
ranks = {}
with open(req["path"], "rb") as f:
    for line in f:
        if line.strip():
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
enc = tiktoken.Encoding(req["name"], pat_str=req["pattern"], mergeable_ranks=ranks,
                        special_tokens=req["special"])
norm = (lambda s: unicodedata.normalize("NFC", s)) if req["nfc"] else (lambda s: s)
n = lambda s: len(enc.encode_ordinary(norm(s)))
ids = [enc.encode_ordinary(norm(t)) for t in req["texts"]]
compiled = regex.compile(req["pattern"])
pieces = [compiled.findall(norm(t)) for t in req["texts"]]
chats = []
for msgs in req["chats"]:
    content = sum(n(m["content"]) for m in msgs)
    if req["template"] == "openai":
        total = 3
        for m in msgs:
            total += 3
            for key, value in m.items():
                if value is None:
                    continue
                total += n(value)
                if key == "name":
                    total += 1
    elif req["template"] == "llama3":
        text = "<|begin_of_text|>" + "".join(
            "<|start_header_id|>" + m["role"] + "<|end_header_id|>\n\n" + m["content"] + "<|eot_id|>" for m in msgs)
        total = len(enc.encode(norm(text), allowed_special="all"))
    else:
        text = "".join("<|im_start|>" + m["role"] + "\n" + m["content"] + "<|im_end|>\n" for m in msgs)
        total = len(enc.encode(norm(text), allowed_special="all"))
    chats.append([total, content])
json.dump({"ids": ids, "pieces": pieces, "chats": chats}, open(sys.argv[2], "w", encoding="utf-8"))
"""#

    static func run(_ encoding: Encoding, texts: [String],
                    chats: [[(role: String, content: String, name: String?)]] = []) throws -> Output {
        let temp = FileManager.default.temporaryDirectory
            .appendingPathComponent("fttok-ref-\(encoding.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let scriptURL = temp.appendingPathComponent("ref.py")
        let input = temp.appendingPathComponent("in.json")
        let output = temp.appendingPathComponent("out.json")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let template = switch encoding {
        case .o200kBase, .cl100kBase: "openai"
        case .llama3: "llama3"
        case .qwen2: "qwen2"
        }
        let request = Request(
            path: TestPaths.rankFile(encoding), name: encoding.rawValue, pattern: encoding.pattern,
            special: encoding.specialTokens, nfc: encoding.normalizesNFC, template: template, texts: texts,
            chats: chats.map { $0.map { Request.Message(role: $0.role, content: $0.content, name: $0.name) } })
        try JSONEncoder().encode(request).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestPaths.python, scriptURL.path, input.path, output.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReferenceError(description: """
                the tiktoken reference failed (\(TestPaths.python), exit \(process.terminationStatus)); \
                set FTCTL_TEST_PYTHON to a python3 with `pip install tiktoken`: \(errorText.suffix(2000))
                """)
        }
        return try JSONDecoder().decode(Output.self, from: Data(contentsOf: output))
    }
}

/// A text with every non-printable-ASCII scalar as \u{…}, for mismatch reports.
func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\\" {
            out.unicodeScalars.append(scalar)
        } else {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        }
    }
    return "\"" + out + "\""
}
