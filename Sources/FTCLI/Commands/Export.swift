import ArgumentParser
import FineTuning
import Foundation

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Keep everything the account holds about fine-tuning, in a folder.",
        discussion: """
        Writes jobs/<id>/job.json (normalized and raw), events.jsonl (every page), checkpoints.json, \
        metrics.json, files/<file id>/<name> (training, validation and result files) and \
        manifest.json (each file's size and SHA-256; what the provider could not give). Run it \
        again to resume or refresh: files that verify are not fetched again, ended jobs are not \
        read again, and Ctrl-C or a crash leaves no half-written file under its name.
        Examples:
          ftctl export ./openai-archive
          ftctl --profile work export ./archive --since 90d --no-files
        """)

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The folder (new, empty, or an earlier export).", completion: .directory) var directory: String
    @Option(help: ArgumentHelp("Only jobs created after this time (RFC 3339) or this long ago (30d).", valueName: "time|duration"))
    var since: String?
    @Option(name: .customLong("job"), parsing: .singleValue, help: ArgumentHelp("Only this job (repeatable).", valueName: "id"))
    var jobs: [String] = []
    @Flag(name: .customLong("no-files"), help: "Leave the training, validation and result files out.") var noFiles = false

    func run() async throws {
        let session = try Session(global)
        var export = AccountExport(client: try session.client(), directory: directory)
        export.since = try since.map { try EventLog.parseSince($0) }
        export.jobIDs = jobs
        export.includeFiles = !noFiles
        let line = StatusLine(context: session.context)
        export.onProgress = { line.show("exporting \($0)") }
        let run = export
        let summary: AccountExport.Summary
        do {
            summary = try await session.context.interruptible { try await run.run() }
        } catch is Interrupted {
            line.clear()
            session.note("ftctl: export: interrupted; what was written is complete and listed in \(directory)/manifest.json; run it again to go on")
            throw ExitCode(ExitCodes.interrupted)
        }
        line.clear()
        var text = "exported \(summary.jobs) job\(summary.jobs == 1 ? "" : "s") to \(directory): \(summary.filesWritten) files written"
        text += ", \(summary.filesVerified) verified unchanged, \(Renderer.bytes(Double(summary.bytesDownloaded))) downloaded"
        if !summary.missing.isEmpty { text += "; \(summary.missing.count) item\(summary.missing.count == 1 ? "" : "s") the provider does not have (manifest.json lists them)" }
        session.note(text)
    }
}
