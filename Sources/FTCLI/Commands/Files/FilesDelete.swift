import ArgumentParser
import FineTuning
import Foundation

struct FilesDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a file.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask.") var yes = false

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let endpoint = try client.provider.deleteFile(id)
        try Confirm.ask("Delete file \(id)?", yes: yes, session: session)
        try await client.send(endpoint)
        if !global.quiet { session.note("deleted file \(id)") }
    }
}
