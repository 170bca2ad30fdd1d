import ArgumentParser
import FineTuning

struct Hardware: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hardware",
        abstract: "Hardware you can train on.", subcommands: [HardwareList.self], defaultSubcommand: HardwareList.self)
}
