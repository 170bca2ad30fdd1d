import Crypto
import FTCore
import Foundation
import Synchronization

/// MD5 and/or SHA-256 of a file, fed by the transport as it reads the file for an upload, so the
/// bytes are read once. Each is computed only when asked for: on the transport's thread, hashing
/// is what limits a loopback upload (MD5 about 600 MB/s, SHA-256 about 1.5 GB/s here). Bytes
/// arrive by file offset; a re-read after a retry repeats offsets already hashed and is skipped,
/// and a gap (a part skipped) makes the digest unusable.
public final class StreamingDigest: BodyObserver, Sendable {
    private struct State: Sendable {
        // Unsafe: swift-crypto's hashers are copy-on-write values not marked Sendable, and each
        // update borrows the caller's buffer; they are touched only under the mutex, never copied out.
        nonisolated(unsafe) var md5: Insecure.MD5?
        nonisolated(unsafe) var sha256: SHA256?
        var position: Int64 = 0
        var broken = false
    }
    private let state: Mutex<State>
    public let path: String

    public init(path: String, md5: Bool = true, sha256: Bool = true) {
        self.path = path
        state = Mutex(State(md5: md5 ? Insecure.MD5() : nil, sha256: sha256 ? SHA256() : nil))
    }

    public func didRead(path: String, offset: Int64, bytes: UnsafeRawBufferPointer) {
        guard path == self.path else { return }
        state.withLock { state in
            let end = offset + Int64(bytes.count)
            guard !state.broken, end > state.position else { return }
            guard offset <= state.position else { state.broken = true; return }
            let fresh = UnsafeRawBufferPointer(rebasing: bytes[Int(state.position - offset)...])
            state.md5?.update(bufferPointer: fresh)
            state.sha256?.update(bufferPointer: fresh)
            state.position = end
        }
    }

    /// How many bytes from the start have been hashed.
    public var position: Int64 { state.withLock { $0.position } }

    /// (md5, sha256) in hex once `size` bytes were seen in order (nil for one not asked for);
    /// nil when the bytes were not all seen in order.
    public func finish(size: Int64) -> (md5: String?, sha256: String?)? {
        state.withLock { state in
            guard !state.broken, state.position == size else { return nil }
            return (state.md5.map { Self.hex($0.finalize()) }, state.sha256.map { Self.hex($0.finalize()) })
        }
    }

    /// The digests asked for, by reading the file, for when no upload read it (or it was read
    /// out of order).
    public static func read(_ path: String, md5: Bool = true, sha256: Bool = true) throws -> (md5: String?, sha256: String?) {
        let digest = StreamingDigest(path: path, md5: md5, sha256: sha256)
        let size = try FileInfo.size(of: path)
        try FileChunks.read(path) { offset, chunk in digest.didRead(path: path, offset: offset, bytes: chunk) }
        guard let result = digest.finish(size: size) else {
            throw FTError(.io, what: "read \(path)", why: "the file changed while it was read", hint: "Try again.")
        }
        return result
    }

    /// The file's SHA-256 alone, by reading it (the upload cache's key).
    public static func sha256(of path: String) throws -> String {
        guard let digest = try read(path, md5: false).sha256 else {
            throw FTError(.internalError, what: "read \(path)", why: "no SHA-256 was computed")
        }
        return digest
    }

    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
