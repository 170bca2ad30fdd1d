import ArgumentParser
import FineTuning

struct JobsCheckpoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoints", abstract: "List a job's checkpoints.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Option(help: "At most this many.") var limit: Int?

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let page = try await client.send(try client.provider.listCheckpoints(jobID: id, EventQuery(limit: limit)))
        session.print(try session.renderer.list(page.items, rawPage: page.raw))
    }
}
