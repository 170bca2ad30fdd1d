import ArgumentParser
import FineTuning
import Foundation

struct Tokenizers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "BPE rank files for exact token counts: where they are found, and fetching one.",
        subcommands: [TokenizersList.self, TokenizersFetch.self], defaultSubcommand: TokenizersList.self)
}

struct TokenizersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Each family's rank file on this machine, or where `fetch` gets it.",
        discussion: "Searched: $FTCTL_TOKENIZERS, the config folder's tokenizers/, then tiktoken's cache (TIKTOKEN_CACHE_DIR, else $TMPDIR/data-gym-cache).")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let context = CLIContext.current
        let rows = TokenizerStore(environment: context.environment).list().map { e in
            Record(id: e.encoding.rawValue, json: .object(JSONObject([
                ("name", .string(e.encoding.rawValue)), ("found", .bool(e.path != nil)),
                ("path", e.path.map { .string($0) } ?? .null), ("source", .string(e.source)),
            ])))
        }
        context.out(try Renderer(global, context: context).list(rows))
    }
}

struct TokenizersFetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Download a family's published rank file and check its SHA-256.",
        discussion: "Llama 3's repository is gated: set HF_TOKEN. FTCTL_TOKENIZERS_URL names a mirror (<url>/<name>.tiktoken).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "o200k_base, cl100k_base, llama3 or qwen2.") var name: String

    func run() async throws {
        let context = CLIContext.current
        guard let encoding = Encoding(rawValue: name) else {
            throw FTError(.usage, what: "tokenizers fetch", why: "unknown rank file '\(name.prefix(40))'",
                          hint: "Use one of \(Encoding.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let store = TokenizerStore(environment: context.environment)
        if let token = context.environment["HF_TOKEN"] { context.secrets.add([token]) }
        let settings = try? SettingsResolver(options: global.options, environment: context.environment).resolve()
        let wire = CurlTransport(options: .init(timeout: nil, caBundle: settings?.caBundle ?? context.environment["CURL_CA_BUNDLE"]))
        let path = try await store.fetch(encoding, transport: wire)
        context.out(global.quiet ? path + "\n" : "\(encoding.rawValue) \(path)\n")
    }
}
