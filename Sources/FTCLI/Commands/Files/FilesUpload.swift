import ArgumentParser
import FineTuning
import Foundation

struct FilesUpload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Upload a file (streamed, never loaded whole).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The local file.", completion: .file()) var path: String
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
