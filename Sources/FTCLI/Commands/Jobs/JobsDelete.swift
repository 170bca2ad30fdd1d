import ArgumentParser
import FineTuning
import Foundation

struct JobsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a job.",
        discussion: "Asks first on a terminal unless -y; never asks when stdin is not a terminal.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask.") var yes = false

    func run() async throws {
        try await DeleteRunner.run("job", id: id, yes: yes, global: global) { try $0.provider.deleteJob(id) }
    }
}
