import ArgumentParser
import FineTuning
import Foundation

struct FilesDownload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download a file's content (to stdout, or -O PATH).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String
    @Option(name: [.customShort("O"), .customLong("output-file")],
            help: ArgumentHelp("Write here instead of stdout (- is stdout; a link is written through, a device or FIFO directly).",
                               valueName: "path"), completion: .file())
    var outputPath: String?

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        try await session.download(to: outputPath, with: client) { try client.provider.downloadFile(id, into: $0) }
    }
}
