import ArgumentParser
import FineTuning
import Foundation

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
