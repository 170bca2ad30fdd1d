import ArgumentParser
import FineTuning

struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Base models you can fine-tune.", subcommands: [ModelsList.self], defaultSubcommand: ModelsList.self)
}
