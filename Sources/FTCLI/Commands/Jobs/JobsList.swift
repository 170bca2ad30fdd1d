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
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only jobs with this metadata (openai: metadata[k]=v).", valueName: "k=v"))
    var metadata: [String] = []

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if all && limit != nil { throw ValidationError("--all and --limit cannot be used together") }
        for pair in metadata where !pair.contains("=") { throw ValidationError("--metadata '\(pair)' is not KEY=VALUE") }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        var query = JobQuery(status: status, model: model, search: search)
        if let after { query.page = .after(after) }
        query.metadata = metadata.map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }
        let jobs = try await client.jobs(query, limit: all ? nil : (limit ?? 20))
        // Providers that cannot filter on the server are filtered here, so the flags mean the same everywhere.
        let shown = jobs.filter { job in
            (status.map { JobStatus.normalize($0) == job.status || $0 == job.status.rawValue } ?? true)
                && (model.map { job.model == $0 } ?? true)
        }
        session.print(try session.renderer.list(shown))
    }
}
