import Crypto
import FTCore
import Foundation

/// The md5 the Uploads API checks a completed upload against, read a megabyte at a time.
enum FileDigest {
    static func md5(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FTError(.fileMissing, what: "read \(path)", why: "cannot open it", hint: "Check the path and its permissions.")
        }
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The uploader ftctl uses: parts above 512 MB, progress on stderr.
    static func uploader(_ client: FTClient, session: Session) -> FileUploader {
        var u = FileUploader(client: client, md5: { try md5($0) })
        let ctx = session.context
        u.onPart = { n, count in ctx.err("uploading part \(n)/\(count)") }
        return u
    }
}
