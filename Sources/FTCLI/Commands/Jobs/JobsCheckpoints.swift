import ArgumentParser
import FineTuning

/// A job's checkpoints, one checkpoint (Nebius), and sharing a fine-tuned checkpoint (OpenAI).
/// `jobs checkpoints JOB` still lists: `list` is the default subcommand.
struct JobsCheckpoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints", abstract: "List a job's checkpoints, get one, or share one with projects.",
        subcommands: [JobsCheckpointsList.self, JobsCheckpointsGet.self, JobsCheckpointsShare.self, JobsCheckpointsUnshare.self,
                      JobsCheckpointsPermissions.self],
        defaultSubcommand: JobsCheckpointsList.self)
}

struct JobsCheckpointsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a job's checkpoints.")
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

struct JobsCheckpointsGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "One checkpoint of a job (nebius).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Argument(help: "The checkpoint id.") var checkpoint: String

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        session.print(try session.renderer.one(try await client.send(try client.provider.getCheckpoint(jobID: id, checkpointID: checkpoint))))
    }
}

struct JobsCheckpointsShare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share", abstract: "Let projects use a fine-tuned checkpoint (OpenAI; needs an admin key).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: ArgumentHelp("The fine-tuned checkpoint's model name (ft:...).", valueName: "model")) var model: String
    @Option(name: .customLong("project"), help: ArgumentHelp("A project id (repeatable).", valueName: "id")) var projects: [String] = []

    func run() async throws {
        guard !projects.isEmpty else {
            throw FTError(.usage, what: "jobs checkpoints share", why: "no project", hint: "Pass --project PROJECT_ID.")
        }
        let session = try Session(global)
        let client = try session.client()
        let page = try await client.send(try client.provider.shareCheckpoint(model: model, projectIDs: projects))
        session.print(try session.renderer.list(page.items, rawPage: page.raw))
    }
}

struct JobsCheckpointsUnshare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unshare", abstract: "Revoke one permission of a checkpoint (OpenAI).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: ArgumentHelp("The fine-tuned checkpoint's model name (ft:...).", valueName: "model")) var model: String
    @Argument(help: ArgumentHelp("The permission id (cp_...), from `permissions`.", valueName: "permission-id")) var permission: String

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        session.print(try session.renderer.one(try await client.send(try client.provider.unshareCheckpoint(model: model, permissionID: permission))))
    }
}

struct JobsCheckpointsPermissions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "permissions", abstract: "List who may use a checkpoint (OpenAI).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: ArgumentHelp("The fine-tuned checkpoint's model name (ft:...).", valueName: "model")) var model: String
    @Option(help: ArgumentHelp("Only this project's permission.", valueName: "id")) var project: String?
    @Option(help: "At most this many.") var limit: Int?
    @Option(help: "Start after this permission id.") var after: String?
    @Option(help: "ascending or descending (by creation).") var order: Order?

    /// The `order` of this endpoint (not files' asc/desc).
    enum Order: String, ExpressibleByArgument, CaseIterable { case ascending, descending }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let query = PermissionQuery(projectID: project, after: after, limit: limit, order: order?.rawValue)
        let page = try await client.send(try client.provider.checkpointPermissions(model: model, query))
        session.print(try session.renderer.list(page.items, rawPage: page.raw))
    }
}
