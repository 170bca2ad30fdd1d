import ArgumentParser
import FineTuning
import Foundation

struct JobsStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a running job (generic-v1).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.stop, id: id, global: global) }
}
