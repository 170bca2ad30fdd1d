import FTCore
import Foundation

/// A dataset from a local path to a file id: checked first (a file with errors is never sent),
/// then looked up by its SHA-256 in the upload cache (the same bytes are never sent twice to the
/// same place), and only then uploaded. A cached id the server no longer has is uploaded again.
public struct DatasetUpload: Sendable {
    public var files: FileService
    /// nil: `--no-validate`.
    public var check: DatasetCheck?
    /// nil: no cache.
    public var cache: UploadCache?
    /// Where the cache's keys say the bytes went.
    public var baseURL: String
    /// `--force`: send even when the cache knows the bytes.
    public var force = false
    /// Told what happened, in a sentence (a reused id, a stale cache entry).
    public var onNote: @Sendable (String) -> Void = { _ in }

    public init(files: FileService, baseURL: String) {
        self.files = files
        self.baseURL = baseURL
    }

    public struct Outcome: Sendable {
        public var file: FileObject
        /// True when the cache named a file the server still has, so nothing was sent.
        public var reused: Bool
        public var validation: ValidationResult?
    }

    public func upload(path: String, purpose: String = "fine-tune") async throws -> Outcome {
        var validation: ValidationResult?
        var sha256: String?
        if let check {
            let result = try await check.run(path: path)
            validation = result
            sha256 = result.sha256
            if result.errorCount > 0 {
                let first = result.errors.first.map { " First: \($0.line > 0 ? "line \($0.line): " : "")\($0.kind.rawValue)." } ?? ""
                throw FTError(.invalidData, what: path, why: "\(result.errorCount) error\(result.errorCount == 1 ? "" : "s"), so it was not uploaded.\(first)",
                              hint: "Run `ftctl validate \(path)` for the list, or pass --no-validate to send it anyway.")
            }
        }
        let client = files.client
        func key(_ digest: String) -> String {
            UploadCache.key(provider: client.provider.id, baseURL: baseURL, purpose: purpose, sha256: digest)
        }
        if let cache, !force {
            // The lookup needs the digest before anything is sent: read the file for it unless
            // validation did.
            let digest = try sha256 ?? StreamingDigest.sha256(of: path)
            sha256 = digest
            if let id = cache.lookup(key(digest)) {
                if let file = try await stillThere(id) {
                    onNote("\(path) was uploaded before as \(id); reusing it (--force sends it again)")
                    return Outcome(file: file, reused: true, validation: validation)
                }
                onNote("the cached upload \(id) of \(path) is gone from the server; uploading it again")
                try? cache.remove(key(digest))
            }
        }
        // The upload never hashes: the digest is known by now, or (`--force --no-validate`)
        // nothing needs it before the send, and hashing on the transport's thread would slow
        // the send; the cache then records nothing.
        var files = self.files
        files.hashes = false
        let done = try await files.upload(path: path, purpose: purpose, sha256: sha256)
        if let cache, let digest = done.sha256 { try? cache.store(key(digest), fileID: done.file.id) }
        return Outcome(file: done.file, reused: false, validation: validation)
    }

    /// The file, when the server still has it; a provider that cannot say is trusted.
    private func stillThere(_ id: String) async throws -> FileObject? {
        let client = files.client
        guard client.provider.capabilities.contains(.getFile) else { return FileObject(id: id, provider: client.provider.id.rawValue) }
        do {
            return try await client.send(try client.provider.getFile(id))
        } catch let e as FTError where e.code == .notFound {
            return nil
        }
    }
}
