import FineTuning
import Foundation

extension Session {
    /// Sends a download into `outputPath`, written whole or not at all, or to stdout (nil or `-`),
    /// and says how much went where.
    func download(to outputPath: String?, with client: FTClient, _ endpoint: (FileSink) throws -> Endpoint<Void>) async throws {
        let file = outputPath == "-" ? nil : outputPath
        let sink = try file.map { try FileSink(path: $0) } ?? FileSink(writer: CLIContext.current.writeOutBytes)
        do {
            try await client.send(try endpoint(sink))
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        if let file { note("wrote \(sink.written) bytes to \(file)") }
    }
}
