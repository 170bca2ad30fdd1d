import FTCore
import Foundation

/// Downloading a provider's file to a local path, whole or not at all, with the name the provider
/// gives it: what `ftctl export` and `jobs clone`/`diff` both need.
extension FileService {
    /// The file's own name where the provider tells it, else nil.
    public func filename(of id: String) async -> String? {
        guard client.provider.capabilities.contains(.getFile),
              let f = try? await client.send(try client.provider.getFile(id)), let name = f.filename, !name.isEmpty else { return nil }
        return name
    }

    /// Downloads file `id` to `path`: committed under that name only when complete, discarded on
    /// any failure. The returned sink tells the size and SHA-256 of what was written.
    public func download(_ id: String, to path: String) async throws -> FileSink {
        let sink = try FileSink(path: path)
        do {
            try await client.send(try client.provider.downloadFile(id, into: sink))
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        return sink
    }
}
