import ArgumentParser
import FineTuning
import Foundation

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
