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
        let session = try Session(global)
        let client = try session.client()
        let endpoint = try client.provider.deleteJob(id)
        try Confirm.ask("Delete job \(id)?", yes: yes, session: session)
        try await client.send(endpoint)
        if !global.quiet { session.note("deleted job \(id)") }
    }
}
