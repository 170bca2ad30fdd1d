import FTTestSupport
import Foundation
import Testing

/// `ftctl tokenizers fetch` downloads from a (local) mirror, keeps only a file with the published
/// SHA-256, and `validate` then counts exactly with it.
@Suite("tokenizers list and fetch")
struct TokenizersCommandTests {
    @Test func fetchKeepsOnlyTheRealFileAndValidateThenCountsExactly() async throws {
        let mirror = NSTemporaryDirectory() + "ftctl-mirror-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: mirror, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mirror) }
        try FileManager.default.copyItem(atPath: StaticFiles.tokenizersFolder + "/cl100k_base.tiktoken", toPath: mirror + "/cl100k_base.tiktoken")
        // A look-alike with the wrong bytes.
        try Data("aGk= 0\n".utf8).write(to: URL(fileURLWithPath: mirror + "/o200k_base.tiktoken"))
        let server = try await TestServer.start(StaticFiles.router(folder: mirror))
        defer { server.stop() }
        let ftctl = FTCtlRunner(environment: ["FTCTL_TOKENIZERS_URL": server.baseURL, "TIKTOKEN_CACHE_DIR": ""])

        let before = try await ftctl.run(["tokenizers", "list", "-o", "json"])
        #expect(before.code == 0, "\(before.stderr)")
        #expect(before.stdout.contains(#""found": false"#))

        let fetched = try await ftctl.run(["tokenizers", "fetch", "cl100k_base", "-q"])
        #expect(fetched.code == 0, "\(fetched.stderr)")
        let path = fetched.trimmed
        #expect(path.hasSuffix("/tokenizers/cl100k_base.tiktoken"))
        #expect(FileManager.default.fileExists(atPath: path))

        let wrong = try await ftctl.run(["tokenizers", "fetch", "o200k_base"])
        wrong.expectOneLineError(65, containing: "SHA-256")
        #expect(!FileManager.default.fileExists(atPath: ftctl.home + "/config/ftctl/tokenizers/o200k_base.tiktoken"))
        let missing = try await ftctl.run(["tokenizers", "fetch", "qwen2"])
        missing.expectOneLineError(5, containing: "404")

        let data = ftctl.home + "/d.jsonl"
        let lines = (0..<10).map { #"{"messages":[{"role":"user","content":"count me \#($0)"},{"role":"assistant","content":"ok"}]}"# }
        try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        let exact = try await ftctl.run(["validate", data, "--model", "gpt-4", "-o", "json"])
        #expect(exact.stdout.contains(#""exact": true"#), "\(exact.stdout)")
        #expect(exact.stdout.contains(#""tokenizer": "cl100k_base""#))
        let estimated = try await ftctl.run(["validate", data, "--model", "gpt-4o", "-o", "json"])
        #expect(estimated.stdout.contains(#""exact": false"#))
    }
}
