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
        var attempt = 0
        while true {
            let failure: FTError
            do {
                return try await client.send(endpoint)
            } catch let e as FTError {
                guard JobCreator.mayHaveTakenEffect(e), client.provider.capabilities.contains(.listFiles) else { throw e }
                failure = e
            }
            let found: FileObject?
            do {
                found = try await Recovery.persist(client.maxRetries + 1, sleep: sleep) {
                    try await lookUp(name: (path as NSString).lastPathComponent, size: size, purpose: purpose, since: started)
                }
            } catch let e as FTError {
                var out = failure
                out.why = "\(failure.why), and looking the file up failed too (\(e.why)), so it may or may not have been stored"
                out.hint = "Run `ftctl files list` before uploading it again."
                throw out
            }
            if let found { return found }
            guard attempt < client.maxRetries else { throw failure }
            try await sleep(0.5 * pow(2, Double(attempt)))
            attempt += 1
        }
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
