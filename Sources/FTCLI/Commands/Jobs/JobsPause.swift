import ArgumentParser
import FineTuning
import Foundation

struct JobsPause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running job.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.pause, id: id, global: global) }
}
