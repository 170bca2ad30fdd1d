import Foundation

/// Uploads a training file: in one multipart request, or, above the threshold and where the
/// provider has the Uploads API, in parts (each streamed from its range of the file), completed
/// with the parts' order and the file's md5. A failed part upload cancels the upload.
public struct FileUploader: Sendable {
    public let client: FTClient
    /// OpenAI takes files up to 512 MB in one request.
    public var threshold: Int64 = 512 << 20
    /// OpenAI's limit for one part.
    public var partSize: Int64 = 64 << 20
    /// The md5 of a file, hex; computed by the caller, who has a digest library.
    public let md5: @Sendable (String) throws -> String
    /// Told (part number, parts) as each part is sent.
    public var onPart: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(client: FTClient, md5: @escaping @Sendable (String) throws -> String) {
        self.client = client
        self.md5 = md5
    }

    public func upload(path: String, purpose: String) async throws -> FileObject {
        let size = try FileInfo.size(of: path)
        let provider = client.provider
        guard size > threshold, provider.capabilities.contains(.uploadInParts) else {
            return try await client.send(try provider.uploadFile(path: path, purpose: purpose))
        }
        let name = (path as NSString).lastPathComponent
        let mime = name.hasSuffix(".jsonl") ? "text/jsonl" : "application/octet-stream"
        let uploadID = try await client.send(try provider.createUpload(filename: name, purpose: purpose, bytes: size, mimeType: mime))
        do {
            let count = Int((size + partSize - 1) / partSize)
            var parts: [String] = []
            for n in 0..<count {
                let offset = Int64(n) * partSize
                onPart(n + 1, count)
                parts.append(try await client.send(try provider.addUploadPart(uploadID: uploadID, path: path, offset: offset,
                                                                                length: min(partSize, size - offset))))
            }
            return try await client.send(try provider.completeUpload(uploadID: uploadID, partIDs: parts, md5: try md5(path)))
        } catch {
            // Leave nothing half-made on the server; the first error is the one to report.
            _ = try? await client.send(try provider.cancelUpload(uploadID: uploadID))
            throw error
        }
    }
}
