import ArgumentParser
import FineTuning
import Foundation

struct JobsDeploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deploy", abstract: "Deploy the model of a finished job (generic-v1).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.deploy, id: id, global: global) }
}
