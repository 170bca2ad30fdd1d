import ArgumentParser
import FTCore

struct JobsMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Show a job's training metrics (-o json|csv for data).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(help: "Draw the loss curves in the terminal.") var plot = false

    func run() async throws {
        throw FTError(.general, what: "jobs metrics", why: "metrics are not in this build yet",
                      hint: "Use `ftctl jobs checkpoints \(id)` for the loss at each checkpoint.")
    }
}

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
