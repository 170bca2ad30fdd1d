import FTCore
import Foundation

/// A dataset from a local path to a file id, in two steps so a caller can show what will happen
/// before it happens. `prepare` reads the file once: the check (problems, token counts) and its
/// SHA-256 come from that one read, and the upload cache says whether these bytes were sent here
/// before. `send` then reuses the cached id when the server still has it, or uploads (a second and
/// last read). A file with errors is never sent unless the caller lets it through.
public struct DatasetUpload: Sendable {
    public var files: FileService
    /// nil: the file is not checked at all (only hashed, for the cache).
    public var check: DatasetCheck?
    /// False: the check still runs (its counts feed the estimate) but its errors do not stop the upload.
    public var refuseInvalid = true
    /// nil: no cache.
    public var cache: UploadCache?
    /// Where the cache's keys say the bytes went.
    public var baseURL: String
    /// Send even when the cache knows the bytes.
    public var force = false
    /// Told what happened, in a sentence (a reused id, a stale cache entry).
    public var onNote: @Sendable (String) -> Void = { _ in }

    public init(files: FileService, baseURL: String) {
        self.files = files
        self.baseURL = baseURL
    }

    /// What `prepare` learnt from its one read of the file.
    public struct Prepared: Sendable {
        public var path: String
        public var purpose: String
        public var bytes: Int64
        public var sha256: String?
        public var validation: ValidationResult?
        /// The id the cache holds for these bytes here; `send` checks the server still has it.
        public var cachedID: String?
    }

    public struct Outcome: Sendable {
        public var file: FileObject
        /// True when the cache named a file the server still has, so nothing was sent.
        public var reused: Bool
        public var validation: ValidationResult?
    }

    public func upload(path: String, purpose: String = "fine-tune") async throws -> Outcome {
        try await send(try await prepare(path: path, purpose: purpose))
    }

    /// Checks the file, hashes it and looks it up in the cache, reading it once; sends nothing.
    public func prepare(path: String, purpose: String = "fine-tune") async throws -> Prepared {
        let bytes = try FileInfo.size(of: path)
        var validation: ValidationResult?
        if let check {
            let result: ValidationResult
            do {
                result = try await check.run(path: path)
            } catch let e as FTError where !refuseInvalid && e.code != .fileMissing && e.code != .cancelled {
                // Told not to refuse: a check that cannot run (a rank file that will not load) only
                // costs the counts; the file is hashed below and sent as it is.
                onNote("\(path) could not be checked (\(e.why)); sending it unchecked")
                return try prepareUnchecked(path: path, purpose: purpose, bytes: bytes)
            }
            validation = result
            if refuseInvalid, result.errorCount > 0 {
                let first = result.errors.first.map { " First: \($0.line > 0 ? "line \($0.line): " : "")\($0.kind.rawValue)." } ?? ""
                throw FTError(.invalidData, what: path, why: "\(result.errorCount) error\(result.errorCount == 1 ? "" : "s"), so it was not uploaded.\(first)",
                              hint: "Validate it for the list of problems, or turn validation off to send it anyway.",
                              setting: .skipValidation)
            }
        }
        var prepared = try prepareUnchecked(path: path, purpose: purpose, bytes: bytes, sha256: validation?.sha256)
        prepared.validation = validation
        return prepared
    }

    /// The cache's look-up, which needs the digest before anything is sent: the file is hashed
    /// here unless the check already did.
    private func prepareUnchecked(path: String, purpose: String, bytes: Int64, sha256 known: String? = nil) throws -> Prepared {
        var sha256 = known
        if sha256 == nil, cache != nil, !force { sha256 = try StreamingDigest.sha256(of: path) }
        var cachedID: String?
        if let cache, !force, let sha256 { cachedID = cache.lookup(key(sha256, purpose: purpose)) }
        return Prepared(path: path, purpose: purpose, bytes: bytes, sha256: sha256, validation: nil, cachedID: cachedID)
    }

    /// Reuses the cached id when the server still has it; otherwise uploads and records the id.
    public func send(_ prepared: Prepared) async throws -> Outcome {
        let path = prepared.path
        if let id = prepared.cachedID, let cache, let digest = prepared.sha256 {
            if let file = try await stillThere(id) {
                onNote("\(path) was uploaded before as \(id); reusing it")
                return Outcome(file: file, reused: true, validation: prepared.validation)
            }
            onNote("the cached upload \(id) of \(path) is gone from the server; uploading it again")
            try? cache.remove(key(digest, purpose: prepared.purpose))
        }
        // The upload never hashes: the digest is known by now, or (forced and unchecked) nothing
        // needs it before the send, and hashing on the transport's thread would slow the send;
        // the cache then records nothing.
        var files = self.files
        files.hashes = false
        let done = try await files.upload(path: path, purpose: prepared.purpose, sha256: prepared.sha256)
        if let cache, let digest = done.sha256 {
            try? cache.store(key(digest, purpose: prepared.purpose), fileID: done.file.id)
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            try? cache.recordOrigin(provider: files.client.provider.id, baseURL: baseURL, fileID: done.file.id, sha256: digest, path: absolute)
        }
        return Outcome(file: done.file, reused: false, validation: prepared.validation)
    }

    private func key(_ digest: String, purpose: String) -> String {
        UploadCache.key(provider: files.client.provider.id, baseURL: baseURL, purpose: purpose, sha256: digest)
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
