import ArgumentParser
import FineTuning
import Foundation

struct JobsResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused job.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.resume, id: id, global: global) }
}
