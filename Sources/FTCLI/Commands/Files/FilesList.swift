import ArgumentParser
import FineTuning
import Foundation

struct FilesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List uploaded files.", aliases: ["ls"])
    @OptionGroup var global: GlobalFlags
    @Option(help: "At most this many.") var limit: Int?
    @Option(help: "Start after this file id.") var after: String?

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let page = try await client.send(try client.provider.listFiles(limit: limit, after: after))
        session.print(try session.renderer.list(page.items, rawPage: page.raw))
    }
}
