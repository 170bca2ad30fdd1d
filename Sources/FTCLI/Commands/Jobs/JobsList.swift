import ArgumentParser
import FineTuning

struct JobsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List fine-tuning jobs, newest first.",
        discussion: """
        Filters the provider's server cannot apply are applied by ftctl before --limit, paging on \
        until the limit is filled; --search where the provider cannot search is refused.
        """, aliases: ["ls"])

    @OptionGroup var global: GlobalFlags

    @Option(help: "Only jobs with this status.")
    var status: String?
    @Option(help: "Only jobs of this base model.")
    var model: String?
    @Option(help: "Only jobs whose name or description matches (generic-v1).")
    var search: String?
    @Option(help: "At most this many results (default 20).")
    var limit: Int?
    @Option(help: "Start after this job id (cursor).")
    var after: String?
    @Flag(help: "Every result, walking all pages.")
    var all = false
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only jobs with this metadata (repeatable).", valueName: "k=v"))
    var metadata: [String] = []

    func validate() throws {
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000000") }
        if all && limit != nil { throw ValidationError("--all and --limit cannot be used together") }
        for pair in metadata where pair.firstIndex(of: "=").map({ $0 == pair.startIndex }) ?? true {
            throw ValidationError("--metadata '\(pair.prefix(40))' is not KEY=VALUE")
        }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        var filter = JobListing.Filter(status: status, model: model, search: search)
        for pair in metadata {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            filter.metadata[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        var listing = JobListing(client: client)
        let context = session.context
        listing.onNote = { context.err($0) }
        let jobs = try await listing.list(filter, limit: all ? nil : (limit ?? 20), after: after)
        // What the list items say of finished jobs ftctl created goes to the ledger: no extra request.
        session.recordFinished(jobs, onlyCreatedHere: true)
        session.print(try session.renderer.list(jobs))
    }
}
