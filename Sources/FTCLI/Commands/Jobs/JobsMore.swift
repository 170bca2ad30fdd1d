import ArgumentParser
import FineTuning

struct JobsMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Show a job's training metrics (-o json|csv for data).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(help: "Draw the loss curves in the terminal.") var plot = false

    func run() async throws {
        if plot {
            throw FTError(.general, what: "jobs metrics --plot", why: "charts are not in this build yet", hint: "Use -o csv and plot it.")
        }
        let session = try Session(global)
        let client = try session.client()
        let rows = try await MetricsService(client: client).metrics(jobID: id)
        session.print(try session.renderer.list(rows))
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
