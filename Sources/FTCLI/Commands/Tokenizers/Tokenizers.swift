import ArgumentParser
import FineTuning
import Foundation

struct Tokenizers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizers",
        abstract: "BPE rank files for exact token counts: where they are found, and fetching one.",
        subcommands: [TokenizersList.self, TokenizersFetch.self], defaultSubcommand: TokenizersList.self)
}
