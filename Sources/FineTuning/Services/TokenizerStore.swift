import FTCore
import Foundation

/// Rank files on this machine: where each family's is found, and downloading one from its
/// published place, checked against its known SHA-256 before it is kept.
public struct TokenizerStore: Sendable {
    public var environment: [String: String]
    /// `<config folder>/tokenizers`, where fetched files go.
    public var directory: String
    public var configDirectory: String

    public init(environment: [String: String]) {
        self.environment = environment
        configDirectory = (ConfigFile.defaultPath(environment: environment) as NSString).deletingLastPathComponent
        directory = configDirectory + "/tokenizers"
    }

    public struct Entry: Sendable {
        public var encoding: Encoding
        public var path: String?
        /// Where it downloads from when fetched.
        public var source: String
    }

    public func list() -> [Entry] {
        Encoding.allCases.map { e in
            Entry(encoding: e, path: RankFileLocator.locate(e, environment: environment, configDirectory: configDirectory,
                                                            fileExists: { FileManager.default.fileExists(atPath: $0) }),
                  source: url(for: e))
        }
    }

    /// The published file: OpenAI's encodings from their public URL, Llama 3 and Qwen from their
    /// Hugging Face repositories; `FTCTL_TOKENIZERS_URL` replaces the host for all of them
    /// (`<base>/<family>.tiktoken`), for mirrors and tests.
    public func url(for e: Encoding) -> String {
        if let base = environment["FTCTL_TOKENIZERS_URL"], !base.isEmpty {
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + e.fileName
        }
        switch e {
        case .o200kBase, .cl100kBase: return e.publicURL ?? ""
        case .llama3: return "https://huggingface.co/meta-llama/Meta-Llama-3-8B/resolve/main/original/tokenizer.model"
        case .qwen2: return "https://huggingface.co/Qwen/Qwen-7B/resolve/main/qwen.tiktoken"
        }
    }

    /// Downloads `e`'s rank file into `directory`; a file whose SHA-256 is not the known one is
    /// discarded. Hugging Face's gated repositories take `HF_TOKEN`.
    public func fetch(_ e: Encoding, transport: any HTTPTransport) async throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = directory + "/" + e.fileName
        let source = url(for: e)
        var request = HTTPRequest(method: .get, url: source, operation: "download \(e.rawValue)")
        request.timeout = .none
        if source.contains("huggingface.co"), let token = environment["HF_TOKEN"], !token.isEmpty {
            request.headers["Authorization"] = "Bearer \(token)"
        }
        let sink = try FileSink(path: target)
        request.sink = sink
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            sink.discard()
            throw error
        }
        guard response.isSuccess else {
            sink.discard()
            let hint = response.status == 401 || response.status == 403
                ? "The repository is gated: accept its licence on Hugging Face and set HF_TOKEN."
                : "Check FTCTL_TOKENIZERS_URL, or copy the file into \(directory)."
            throw FTError(response.status == 404 ? .notFound : .unavailable, what: "download \(e.rawValue)",
                          why: "\(source) answered HTTP \(response.status)", hint: hint, httpStatus: response.status)
        }
        let got = sink.sha256()
        guard got == e.rankFileSHA256 else {
            sink.discard()
            throw FTError(.invalidData, what: "download \(e.rawValue)",
                          why: "the file's SHA-256 is \(got.prefix(16))…, not the published \(e.rankFileSHA256.prefix(16))…",
                          hint: "Nothing was kept. Check FTCTL_TOKENIZERS_URL points at the real file.")
        }
        try sink.commit()
        return target
    }
}
