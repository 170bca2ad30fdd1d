import ArgumentParser
import FineTuning
import Foundation

struct JobsDiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show how two jobs' settings and training data differ (any providers).",
        discussion: """
        Both jobs are read from the current profile, unless the second is on another
        account (--b-profile NAME, or --b-provider ID [--b-base-url URL]) or either
        is in an `ftctl export` folder (--from DIR, repeatable: a job found in one
        is read from there). The training and validation files are compared by
        SHA-256: from the export's manifest, from the local file ftctl uploaded, or
        downloaded once (kept for later clones and diffs). --no-files skips that.
        The table lists the fields that differ (all of them with -o wide); -o json
        gives every field. With --exit-code the exit status is 1 when they differ,
        as `git diff --exit-code`.
        Example:
          ftctl jobs diff ftjob-abc ft-7f3e --b-provider together
        """)

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The first job.") var a: String
    @Argument(help: "The second job.") var b: String
    @Option(name: .customLong("from"), help: ArgumentHelp("An `ftctl export` folder holding either job (repeatable).", valueName: "dir"),
            completion: .directory)
    var exports: [String] = []
    @Option(name: .customLong("b-profile"), help: ArgumentHelp("The profile the second job is in.", valueName: "name"))
    var bProfile: String?
    @Option(name: .customLong("b-provider"), help: ArgumentHelp("The provider the second job is on.", valueName: "id"))
    var bProvider: ProviderID?
    @Option(name: .customLong("b-base-url"), help: ArgumentHelp("With --b-provider: its base URL.", valueName: "url"))
    var bBaseURL: String?
    @Flag(name: .customLong("no-files"), help: "Do not compare the files' contents (no downloads).") var noFiles = false
    @Flag(name: .customLong("exit-code"), help: "Exit 1 when the jobs differ.") var exitCode = false

    func validate() throws {
        if bProfile != nil && bProvider != nil { throw ValidationError("--b-profile and --b-provider cannot be used together") }
        if bBaseURL != nil && bProvider == nil { throw ValidationError("--b-base-url goes with --b-provider") }
    }

    func run() async throws {
        let session = try Session(global)
        let other = OtherAccount(profile: bProfile, provider: bProvider, baseURL: bBaseURL)
        let sessionB = other.isGiven ? try other.session(like: session, flag: "--b") : session
        let (recordA, filesA) = try await load(a, session)
        let (recordB, filesB) = try await load(b, sessionB)
        let diff = JobDiff(recordA, recordB, digestsA: try await digests(recordA, filesA, session),
                            digestsB: try await digests(recordB, filesB, sessionB))
        session.print(render(diff, session))
        if exitCode && !diff.differences.isEmpty { throw ExitCode(ExitCodes.general) }
    }

    /// The job from an export that holds it, else from the account.
    private func load(_ id: String, _ session: Session) async throws -> (RecordedJob, SourceFiles) {
        for dir in exports {
            if let r = try? RecordedJob.fromExport(dir, id: id) {
                return (r, SourceFiles(source: nil, baseURL: "", environment: session.context.environment))
            }
        }
        let client = try session.client()
        let job = try await client.send(try client.provider.getJob(id))
        var files = SourceFiles(source: client, baseURL: session.settings.baseURL ?? "", environment: session.context.environment)
        files.onNote = { session.note($0) }
        return (RecordedJob(job: job), files)
    }

    private func digests(_ r: RecordedJob, _ files: SourceFiles, _ session: Session) async throws -> [String: String] {
        guard !noFiles else { return [:] }
        var out: [String: String] = [:]
        for id in [r.trainingFile, r.validationFile].compactMap({ $0 }) {
            do {
                out[id] = try await files.digest(of: id, r)
            } catch let e as FTError where e.code == .notFound || e.code == .unsupported {
                // Shown as unknown in the table; the reason on stderr.
                session.note("ftctl: file \(id) of \(r.id) not compared: \(e.why)")
            }
        }
        return out
    }

    private func render(_ diff: JobDiff, _ session: Session) -> String {
        let format = session.renderer.format
        if format == .json { return diff.json.serialized(pretty: true) + "\n" }
        if format == .yaml { return Renderer.yaml(diff.json) }
        let rows = format == .wide ? diff.rows : diff.differences
        if rows.isEmpty { return "The jobs' settings and data are the same.\n" }
        let columns = [Column(header: "FIELD", path: "name"), Column(header: "A (\(a))", path: "a"), Column(header: "B (\(b))", path: "b")]
        let cell: (JSONValue) -> JSONValue = { $0.isNull || $0.string != nil ? $0 : .string($0.serialized()) }
        return session.renderer.table(columns: columns, rows: rows.map { .object(JSONObject([("name", .string($0.name)), ("a", cell($0.a)), ("b", cell($0.b))])) })
    }
}
