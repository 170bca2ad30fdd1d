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
        let file = outputPath == "-" ? nil : outputPath
        let sink = try file.map { try FileSink(path: $0) } ?? FileSink(writer: CLIContext.current.writeOutBytes)
        do {
            try await client.send(try client.provider.downloadFile(id, into: sink))
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        if let file { session.note("wrote \(sink.written) bytes to \(file)") }
    }
}
