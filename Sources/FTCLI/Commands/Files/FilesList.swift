import ArgumentParser
import FineTuning
import Foundation

struct FilesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List uploaded files.", aliases: ["ls"])
    @OptionGroup var global: GlobalFlags
    @Option(help: "At most this many.") var limit: Int?
    @Option(help: "Start after this file id.") var after: String?
    @Option(help: "Only files of this purpose (fine-tune, batch, ...; OpenAI).") var purpose: String?
    @Option(help: "By creation time: asc or desc (OpenAI).") var order: FileOrder?

    /// `order` of `GET /files` (openapi.yaml): asc or desc.
    enum FileOrder: String, ExpressibleByArgument, CaseIterable { case asc, desc }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let query = FileQuery(limit: limit, after: after, purpose: purpose, order: order?.rawValue)
        let page = try await client.send(try client.provider.listFiles(query))
        session.print(try session.renderer.list(page.items, rawPage: page.raw))
    }
}
