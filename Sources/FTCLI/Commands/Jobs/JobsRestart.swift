import ArgumentParser
import FineTuning
import Foundation

struct JobsRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Re-queue a stopped or failed job (generic-v1).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.restart, id: id, global: global) }
}
