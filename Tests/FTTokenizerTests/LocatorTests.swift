import FTTokenizer
import Foundation
import Testing

@Suite("rank file locations")
struct LocatorTests {
    /// tiktoken's cache name, computed by Python's hashlib as tiktoken computes it.
    static func pythonSHA1(_ text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestPaths.python, "-c", "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", text]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("cache names are the SHA-1 of OpenAI's URLs, as tiktoken names them")
    func cacheNames() throws {
        for encoding in [Encoding.o200kBase, .cl100kBase] {
            let url = try #require(encoding.publicURL)
            #expect(RankFileLocator.tiktokenCacheName(for: encoding) == (try Self.pythonSHA1(url)))
        }
        #expect(RankFileLocator.tiktokenCacheName(for: .llama3) == nil)
    }

    @Test("the search order: explicit, FTCTL_TOKENIZERS, config dir, tiktoken cache")
    func order() throws {
        let env = ["FTCTL_TOKENIZERS": "/tok", "TIKTOKEN_CACHE_DIR": "/cache"]
        let name = try #require(RankFileLocator.tiktokenCacheName(for: .cl100kBase))
        #expect(RankFileLocator.candidates(for: .cl100kBase, environment: env, configDirectory: "/cfg") == [
            "/tok/cl100k_base.tiktoken", "/tok/\(name)",
            "/cfg/tokenizers/cl100k_base.tiktoken", "/cfg/tokenizers/\(name)",
            "/cache/cl100k_base.tiktoken", "/cache/\(name)",
        ])
        let all: Set<String> = ["/tok/cl100k_base.tiktoken", "/cfg/tokenizers/cl100k_base.tiktoken", "/cache/\(name)"]
        func locate(_ existing: Set<String>, explicit: String? = nil) -> String? {
            RankFileLocator.locate(.cl100kBase, explicitPath: explicit, environment: env, configDirectory: "/cfg",
                                   fileExists: { existing.contains($0) })
        }
        #expect(locate(all, explicit: "/mine.tiktoken") == "/mine.tiktoken")
        #expect(locate(all) == "/tok/cl100k_base.tiktoken")
        #expect(locate(all.subtracting(["/tok/cl100k_base.tiktoken"])) == "/cfg/tokenizers/cl100k_base.tiktoken")
        #expect(locate(["/cache/\(name)"]) == "/cache/\(name)")
        #expect(locate([]) == nil)
    }

    @Test("tiktoken's cache folder: TIKTOKEN_CACHE_DIR, DATA_GYM_CACHE_DIR, then the temp dir")
    func cacheFolder() {
        #expect(RankFileLocator.tiktokenCacheDirectory(environment: [:]) == "/tmp/data-gym-cache")
        #expect(RankFileLocator.tiktokenCacheDirectory(environment: ["TMPDIR": "/var/t/"]) == "/var/t/data-gym-cache")
        #expect(RankFileLocator.tiktokenCacheDirectory(environment: ["TIKTOKEN_CACHE_DIR": "/c", "TMPDIR": "/t"]) == "/c")
        #expect(RankFileLocator.tiktokenCacheDirectory(environment: ["DATA_GYM_CACHE_DIR": "/d"]) == "/d")
        #expect(RankFileLocator.tiktokenCacheDirectory(environment: ["TIKTOKEN_CACHE_DIR": ""]) == nil)
        // Llama 3 and Qwen are found by name only.
        #expect(RankFileLocator.candidates(for: .llama3, environment: ["TIKTOKEN_CACHE_DIR": "/c"], configDirectory: nil)
                == ["/c/llama3.tiktoken"])
    }
}
