import ArgumentParser
import FineTuning
import Foundation

struct Files: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload, list, inspect, download and delete training files.",
        subcommands: [FilesUpload.self, FilesList.self, FilesGet.self, FilesDelete.self, FilesDownload.self])
}

struct FilesUpload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Upload a file (streamed, never loaded whole).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The local file.") var path: String
    @Option(help: "The file's purpose.") var purpose: String = "fine-tune"
    @Flag(name: .customLong("no-validate"), help: "Skip the local dataset check (`ftctl validate`).") var noValidate = false
    @Flag(help: "Upload even when the same bytes were uploaded here before (the upload cache).") var force = false

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let progress = ProgressBar.forUpload((path as NSString).lastPathComponent, context: session.context)
        // Only fine-tuning data is a dataset to check.
        let upload = session.datasetUpload(client, validate: !noValidate && purpose == "fine-tune", force: force, progress: progress)
        let (path, purpose) = (self.path, self.purpose)
        let done = try await session.interruptible("upload \(path)") { try await upload.upload(path: path, purpose: purpose) }
        progress?.finish()
        session.print(try session.renderer.one(done.file))
    }
}

struct FilesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List uploaded files.", aliases: ["ls"])
    @OptionGroup var global: GlobalFlags
    @Option(help: "At most this many.") var limit: Int?
    @Option(help: "Start after this file id.") var after: String?

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let page = try await client.send(try client.provider.listFiles(limit: limit, after: after))
        session.print(try session.renderer.list(page.items, rawPage: page.raw))
    }
}

struct FilesGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one file.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        session.print(try session.renderer.one(try await client.send(try client.provider.getFile(id))))
    }
}

struct FilesDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a file.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask.") var yes = false

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let endpoint = try client.provider.deleteFile(id)
        try Confirm.ask("Delete file \(id)?", yes: yes, session: session)
        try await client.send(endpoint)
        if !global.quiet { session.note("deleted file \(id)") }
    }
}

struct FilesDownload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download a file's content (to stdout, or -O PATH).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String
    @Option(name: [.customShort("O"), .customLong("output-file")], help: ArgumentHelp("Write here instead of stdout.", valueName: "path"))
    var outputPath: String?

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let sink = try FileSink(path: outputPath)
        do {
            try await client.send(try client.provider.downloadFile(id, into: sink))
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        if let outputPath { session.note("wrote \(sink.written) bytes to \(outputPath)") }
    }
}

/// Writes a download to a temporary file next to the target and renames it only when complete,
/// so a failed download never leaves half a file under the real name.
