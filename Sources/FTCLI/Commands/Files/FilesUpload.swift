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
    @Option(name: .customLong("expires-after"),
            help: ArgumentHelp("Delete the file this long after its upload: 1h to 30d (OpenAI's expires_after, anchor created_at).",
                               valueName: "duration"))
    var expiresAfter: String?

    /// `FileExpirationAfter` (openapi.yaml oa:39751): `seconds` from 3600 to 2592000.
    static let expiryRange = ValueRange.closed(3600, 2_592_000)

    func run() async throws {
        let session = try Session(global)
        let expiry = try expiresAfter.map(Self.expirySeconds)
        let client = try session.client()
        if expiry != nil, !client.provider.capabilities.contains(.expiringFiles) { throw client.provider.unsupported(.expiringFiles) }
        let progress = ProgressBar.forUpload((path as NSString).lastPathComponent, context: session.context)
        // Only fine-tuning data is a dataset to check.
        // A file that will expire is uploaded afresh, never taken from the upload cache.
        var configured = session.datasetUpload(client, validate: !noValidate && purpose == "fine-tune", force: force || expiry != nil,
                                               progress: progress)
        configured.files.expiresAfter = expiry
        let upload = configured
        let (path, purpose) = (self.path, self.purpose)
        let done = try await session.interruptible("upload \(path)") { try await upload.upload(path: path, purpose: purpose) }
        progress?.finish()
        session.print(try session.renderer.one(done.file))
    }

    static func expirySeconds(_ text: String) throws -> Int {
        guard let s = DurationText.seconds(text), s.rounded() == s, expiryRange.contains(s) else {
            throw FTError(.usage, what: "--expires-after", why: "'\(text.prefix(40))' is not a duration from 1h to 30d",
                          hint: "Use \(expiryRange.text) seconds, e.g. 7d.")
        }
        return Int(s)
    }
}
