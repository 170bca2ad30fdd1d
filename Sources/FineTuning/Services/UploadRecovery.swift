import FTCore
import Foundation

/// Sends a one-request file upload without storing the bytes twice. Files carry no metadata, so
/// after a failure that may have taken effect (see `JobCreator.mayHaveTakenEffect`) the provider's
/// recent files are searched for one with the same name, size and purpose made since the first
/// attempt began, and only when there is none are the bytes sent again.
struct UploadRecovery: Sendable {
    let client: FTClient
    var sleep: @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }
    /// How far a server's clock may be behind ours.
    var clockSkew: Double = 60

    func send(_ endpoint: Endpoint<FileObject>, path: String, size: Int64, purpose: String) async throws -> FileObject {
        let started = Date()
        let canLook = client.provider.capabilities.contains(.listFiles)
        return try await Recovery.send(retries: client.maxRetries, sleep: sleep, { try await client.send(endpoint) },
                                       mayHaveTakenEffect: { canLook && JobCreator.mayHaveTakenEffect($0) },
                                       lookUp: { try await lookUp(name: (path as NSString).lastPathComponent, size: size, purpose: purpose, since: started) },
                                       lookupFailed: { failure, lookup in
            var out = failure
            out.why = "\(failure.why), and looking the file up failed too (\(lookup.why)), so it may or may not have been stored"
            out.hint = "Run `ftctl files list` before uploading it again."
            return out
        })
    }

    func lookUp(name: String, size: Int64, purpose: String, since: Date) async throws -> FileObject? {
        let page = try await client.send(try client.provider.listFiles(limit: 100, after: nil))
        let earliest = since.addingTimeInterval(-clockSkew)
        return page.items.filter { f in
            f.filename == name && f.bytes == size && (f.purpose == nil || f.purpose == purpose)
                && (f.createdAt.map { $0 >= earliest } ?? false)
        }.max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
    }
}
