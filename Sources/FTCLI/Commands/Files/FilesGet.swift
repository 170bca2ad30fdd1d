import ArgumentParser
import FineTuning
import Foundation

struct FilesGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one file.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        session.print(try session.renderer.one(try await client.send(try client.provider.getFile(id))))
    }
}
