import Crypto
import FTCore
import Foundation

/// Where a download goes: stdout, or a temporary file beside the target that is renamed into
/// place only when the download is complete, so a failed download never leaves half a file.
/// Keeps a SHA-256 of what it wrote, for downloads checked against a known digest.
public final class FileSink: ResponseSink, @unchecked Sendable {
    // Unchecked: used by one transfer at a time, on the transport's thread, then by the caller
    // after the transfer has finished.
    private let handle: FileHandle?
    private let writer: (@Sendable (UnsafeRawBufferPointer) throws -> Void)?
    private let target: String?
    private let temp: String?
    private var hasher = SHA256()
    public private(set) var written: Int64 = 0

    /// nil: standard output.
    public init(path: String?) throws {
        target = path
        if let path {
            let tmp = path + ".part-\(getpid())"
            guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
                throw FTError(.io, what: "write \(path)", why: "cannot create the file", hint: "Check the directory and its permissions.")
            }
            temp = tmp
            handle = h
        } else {
            temp = nil
            handle = FileHandle.standardOutput
        }
        writer = nil
    }

    /// A stream of bytes the caller writes somewhere (a command's injected stdout).
    public init(writer: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) {
        target = nil
        temp = nil
        handle = nil
        self.writer = writer
    }

    public func receive(_ chunk: UnsafeRawBufferPointer) throws {
        if let writer { try writer(chunk) } else { try handle?.write(contentsOf: Data(chunk)) }
        hasher.update(bufferPointer: chunk)
        written += Int64(chunk.count)
    }

    /// The SHA-256 of everything written, hex.
    public func sha256() -> String { StreamingDigest.hex(hasher.finalize()) }

    public func commit() throws {
        guard let temp, let target else { return }
        try handle?.close()
        guard rename(temp, target) == 0 else {
            throw FTError(.io, what: "write \(target)", why: String(cString: strerror(errno)))
        }
    }

    public func discard() {
        guard let temp else { return }
        try? handle?.close()
        unlink(temp)
    }
}
