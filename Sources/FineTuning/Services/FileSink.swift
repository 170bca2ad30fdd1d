import Crypto
import FTCore
import Foundation
import Synchronization

/// Where a download goes: a path, written by `OutputFile`'s rules (a file appears under its name
/// only when the download is complete; a device or FIFO is written as the bytes come), or a
/// stream the caller gives (a command's stdout). Keeps a SHA-256 of what it wrote, for downloads
/// checked against a known digest. The transport feeds it on its thread; the caller commits.
public final class FileSink: ResponseSink, Sendable {
    private struct State: Sendable {
        // Unsafe: as in `StreamingDigest`, the hasher is a copy-on-write value not marked Sendable;
        // it is touched only under the mutex.
        nonisolated(unsafe) var hasher = SHA256()
        var written: Int64 = 0
    }
    private let state = Mutex(State())
    private let file: OutputFile?
    private let writer: (@Sendable (UnsafeRawBufferPointer) throws -> Void)?

    public init(path: String) throws {
        file = try OutputFile(path)
        writer = nil
    }

    /// A stream of bytes the caller writes somewhere (a command's injected stdout).
    public init(writer: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) {
        file = nil
        self.writer = writer
    }

    public var written: Int64 { state.withLock { $0.written } }

    public func receive(_ chunk: UnsafeRawBufferPointer) throws {
        if let writer { try writer(chunk) } else { try file?.write(chunk) }
        state.withLock { state in
            state.hasher.update(bufferPointer: chunk)
            state.written += Int64(chunk.count)
        }
    }

    /// The SHA-256 of everything written, hex.
    public func sha256() -> String { state.withLock { StreamingDigest.hex($0.hasher.finalize()) } }

    /// The download is complete: its file takes its name.
    public func commit() throws { try file?.commit() }

    /// The download failed: the path is left as it was.
    public func discard() { file?.discard() }
}
