import ArgumentParser
import FineTuning
import Foundation

struct JobsCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a job.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.cancel, id: id, global: global) }
}
