import ArgumentParser
import FineTuning
import Foundation

struct ConfigPath: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "Print the config file's path.")

    func run() async throws {
        CLIContext.current.out(ConfigStore().path + "\n")
    }
}
