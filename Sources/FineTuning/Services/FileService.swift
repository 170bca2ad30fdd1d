import FTCore
import Foundation

/// Uploading training files: in one multipart request, or, above the threshold and where the
/// provider has the Uploads API, in parts streamed from their ranges of the file and completed
/// with the parts' order and the file's md5. The md5 and SHA-256 are computed from the same read
/// as the upload. A failed step cancels the upload, so nothing half-made stays on the server.
public struct FileService: Sendable {
    public let client: FTClient
    /// OpenAI takes files up to 512 MB in one request.
    public var threshold: Int64 = 512 << 20
    /// OpenAI's limit for one part.
    public var partSize: Int64 = 64 << 20
    /// Told (part number, parts) as each part starts.
    public var onPart: @Sendable (Int, Int) -> Void = { _, _ in }
    /// Told (bytes sent, bytes in all) as the file goes out.
    public var onProgress: @Sendable (Int64, Int64) -> Void = { _, _ in }
    /// Compute the file's SHA-256 as it goes out (`Upload.sha256`), when the caller did not give it.
    public var hashes = true
    /// Seconds after creation at which the server deletes the file (OpenAI's `expires_after`); nil: never.
    public var expiresAfter: Int?

    public init(client: FTClient) {
        self.client = client
    }

    /// The outcome of an upload: the file as the server has it and the digests of its bytes.
    public struct Upload: Sendable {
        public var file: FileObject
        public var sha256: String?
    }

    /// `sha256`: the file's, when the caller has it already (from validation); the upload then
    /// does not hash the bytes again.
    public func upload(path: String, purpose: String = "fine-tune", sha256 known: String? = nil) async throws -> Upload {
        let size = try FileInfo.size(of: path)
        let provider = client.provider
        let hashing = known == nil && hashes
        if expiresAfter != nil, size > threshold, provider.capabilities.contains(.uploadInParts) {
            // The Uploads API takes expires_after too (CreateUploadRequest), but ftctl does not send it yet.
            throw FTError(.unsupported, what: "--expires-after", why: "files over \(threshold >> 20) MB go in parts, which ftctl sends without an expiry",
                          hint: "Leave --expires-after out for this file.")
        }
        if provider.declaration.uploadsBySignedURL {
            if expiresAfter != nil { throw provider.unsupported(.expiringFiles) }
            return try await signedUpload(path: path, purpose: purpose, size: size, known: known, hashing: hashing)
        }
        guard size > threshold, provider.capabilities.contains(.uploadInParts) else {
            var endpoint = try provider.uploadFile(path: path, purpose: purpose, expiresAfter: expiresAfter)
            let digest = hashing ? StreamingDigest(path: path, md5: false) : nil
            endpoint.request.bodyObserver = digest
            endpoint.request.uploadProgress = progress(base: 0, total: size)
            let file = try await UploadRecovery(client: client).send(endpoint, path: path, size: size, purpose: purpose)
            return Upload(file: file, sha256: known ?? digest?.finish(size: size)?.sha256)
        }
        // The parts' completion carries the file's md5, so the parts are always hashed.
        let digest = StreamingDigest(path: path, md5: true, sha256: hashing)
        let name = (path as NSString).lastPathComponent
        let mime = name.hasSuffix(".jsonl") ? "text/jsonl" : "application/octet-stream"
        let uploadID = try await client.send(try provider.createUpload(filename: name, purpose: purpose, bytes: size, mimeType: mime))
        do {
            let count = Int((size + partSize - 1) / partSize)
            var parts: [String] = []
            for n in 0..<count {
                let offset = Int64(n) * partSize
                onPart(n + 1, count)
                var endpoint = try provider.addUploadPart(uploadID: uploadID, path: path, offset: offset,
                                                          length: min(partSize, size - offset))
                endpoint.request.bodyObserver = digest
                endpoint.request.uploadProgress = progress(base: offset, total: size)
                parts.append(try await client.send(endpoint))
            }
            // Parts go in order, so the digest saw every byte once; if not, read the file again.
            let sums = try digest.finish(size: size) ?? StreamingDigest.read(path, sha256: hashing)
            guard let md5 = sums.md5 else { throw FTError(.internalError, what: "upload \(path)", why: "no md5 was computed") }
            let file = try await client.send(try provider.completeUpload(uploadID: uploadID, partIDs: parts, md5: md5))
            return Upload(file: file, sha256: known ?? sums.sha256)
        } catch {
            // In a task of its own: when the upload was cancelled (Ctrl-C), this one must still go.
            let client = self.client
            _ = await Task { try? await client.send(try client.provider.cancelUpload(uploadID: uploadID)) }.value
            throw error
        }
    }

    /// Together's three steps: ask where to send the bytes (the file's id comes with it), send them
    /// there without credentials, then have the server process the file. Each step is safe to
    /// repeat, so no look-up is needed after a lost answer.
    private func signedUpload(path: String, purpose: String, size: Int64, known: String?, hashing: Bool) async throws -> Upload {
        let provider = client.provider
        let target = try await client.send(try provider.requestUploadURL(path: path, purpose: purpose))
        var put = try provider.sendToUploadURL(target, path: path)
        let digest = hashing ? StreamingDigest(path: path, md5: false) : nil
        put.request.bodyObserver = digest
        put.request.uploadProgress = progress(base: 0, total: size)
        try await client.send(put)
        let file = try await client.send(try provider.processUpload(target))
        return Upload(file: file, sha256: known ?? digest?.finish(size: size)?.sha256)
    }

    private func progress(base: Int64, total: Int64) -> UploadProgress {
        let report = onProgress
        return { sent, _ in report(base + sent, total) }
    }
}

/// A `trainingFile` value: an existing local file (not a folder) is a path to upload; anything
/// else is a provider's file id. Decided in one place, `JobSubmission.plan`.
public enum FileArgument {
    public static func isLocalFile(_ value: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: value, isDirectory: &isDir) && !isDir.boolValue
    }
}
