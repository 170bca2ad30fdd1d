import ArgumentParser
import FTCore

struct JobsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List fine-tuning jobs, newest first.", aliases: ["ls"])

    @OptionGroup var global: GlobalFlags

    @Option(help: "Only jobs with this status.")
    var status: String?
    @Option(help: "Only jobs of this base model.")
    var model: String?
    @Option(help: "Only jobs whose name or description matches.")
    var search: String?
    @Option(help: "At most this many results (default 20).")
    var limit: Int?
    @Option(help: "Start after this job id (cursor).")
    var after: String?
    @Flag(help: "Every result, walking all pages.")
    var all = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if all && limit != nil { throw ValidationError("--all and --limit cannot be used together") }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        var query = JobQuery(status: status, model: model, search: search)
        if let after { query.page = .after(after) }
        let jobs = try await client.jobs(query, limit: all ? nil : (limit ?? 20))
        // Providers that cannot filter on the server are filtered here, so the flags mean the same everywhere.
        let shown = jobs.filter { job in
            (status.map { JobStatus.normalize($0) == job.status || $0 == job.status.rawValue } ?? true)
                && (model.map { job.model == $0 } ?? true)
        }
        session.print(try session.renderer.list(shown))
    }
}
