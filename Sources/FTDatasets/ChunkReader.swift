import Crypto
import FTCore
import Foundation

/// Reads a file in large chunks that end at a line boundary, hashing every byte read (SHA-256)
/// as it goes, so the file is read once. A line longer than `maxLineBytes` is read past and
/// hashed but never held: it is returned as `.oversized`.
///
/// Memory: one chunk buffer of `chunkBytes` (grown, for a single long line, up to
/// `maxLineBytes`), plus the partial line carried to the next chunk.
/// A chunk's bytes: the first `count` of `storage` (which is reused).
struct ChunkBuffer: Sendable {
    var storage: [UInt8]
    var count: Int
}

final class ChunkReader {
    enum Item {
        /// Whole lines (the last one may lack its newline only at the end of the file).
        case lines(ChunkBuffer)
        /// A line over the cap: its length, without the newline.
        case oversized(Int)
    }

    private let fd: Int32
    private let path: String
    private let chunkBytes: Int
    private let maxLineBytes: Int
    private var hasher: SHA256?
    private var carry: [UInt8] = []
    /// Chunk buffers handed back after their merge, reused so the file does not cost fresh pages
    /// (and page faults) for every chunk.
    private var pool: [[UInt8]] = []
    private var eof = false
    private(set) var bytesRead = 0

    init(path: String, chunkBytes: Int, maxLineBytes: Int, hashing: Bool) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            throw FTError(.fileMissing, what: "read \(path)", why: why, hint: "Check the path and its permissions.")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FTError(.fileMissing, what: "read \(path)", why: "it is a directory", hint: "Give the dataset file's path.")
        }
        self.fd = fd
        self.path = path
        // A file of a few chunks would be checked by one core while the other waits: its chunks
        // are made small enough for two per core (not below 64 KiB). 1 MB checked 6 ms sooner
        // on two cores (Docs/BENCH.md).
        var size = chunkBytes
        if (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
            let perCore = Int(st.st_size) / (2 * max(1, ProcessInfo.processInfo.activeProcessorCount))
            size = min(chunkBytes, max(64 << 10, perCore))
        }
        self.chunkBytes = max(4096, size)
        self.maxLineBytes = max(1, maxLineBytes)
        self.hasher = hashing ? SHA256() : nil
    }

    deinit { close(fd) }

    /// The file's SHA-256 (hex), once everything was read; nil when not hashing.
    func finalDigest() -> String? {
        guard let hasher else { return nil }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Reads up to `count` bytes into `buffer` at `offset`; returns how many (0 at the end).
    private func readSome(into buffer: UnsafeMutableRawBufferPointer, offset: Int, count: Int) throws -> Int {
        guard let base = buffer.baseAddress, count > 0 else { return 0 }
        while true {
            let r = read(fd, base + offset, count)
            if r >= 0 {
                if r > 0 {
                    hasher?.update(bufferPointer: UnsafeRawBufferPointer(start: base + offset, count: r))
                    bytesRead += r
                }
                return r
            }
            if errno == EINTR { continue }
            let why = String(cString: strerror(errno))
            throw FTError(.io, what: "read \(path)", why: why)
        }
    }

    /// Takes back a chunk's storage once it is merged.
    func recycle(_ storage: [UInt8]) {
        if pool.count < 16, storage.count <= chunkBytes { pool.append(storage) }
    }

    /// A buffer holding `prefix` followed by as many bytes read as fit in `capacity`.
    private func fill(_ prefix: ArraySlice<UInt8>, capacity: Int) throws -> ChunkBuffer {
        var storage = pool.popLast() ?? []
        if storage.count < capacity { storage = [UInt8](repeating: 0, count: capacity) }
        var count = 0
        try storage.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let copied = min(prefix.count, capacity)
            prefix.prefix(copied).withUnsafeBytes { p in
                if let src = p.baseAddress, copied > 0 { base.copyMemory(from: src, byteCount: copied) }
            }
            count = copied
            while count < capacity, !eof {
                let r = try readSome(into: raw, offset: count, count: capacity - count)
                if r == 0 { eof = true } else { count += r }
            }
        }
        return ChunkBuffer(storage: storage, count: count)
    }

    func next() throws -> Item? {
        var target = chunkBytes
        var buffer = try fill(carry[...], capacity: max(target, carry.count + 1))
        carry = []
        while true {
            let valid = buffer.storage.prefix(buffer.count)
            if let lastNewline = valid.lastIndex(of: 0x0A) {
                if lastNewline + 1 < buffer.count { carry = Array(valid[(lastNewline + 1)...]) }
                buffer.count = lastNewline + 1
                return .lines(buffer)
            }
            if eof {
                if buffer.count == 0 { recycle(buffer.storage); return nil }
                if buffer.count > maxLineBytes { recycle(buffer.storage); return .oversized(buffer.count) }
                return .lines(buffer)
            }
            // No newline in the whole buffer: one line longer than it.
            if buffer.count >= maxLineBytes {
                recycle(buffer.storage)
                return try skipRestOfLine(already: buffer.count)
            }
            target = min(maxLineBytes + 1, max(target * 2, buffer.count + chunkBytes))
            let bigger = try fill(valid, capacity: target)
            recycle(buffer.storage)
            buffer = bigger
        }
    }

    /// Reads past the rest of an oversized line, keeping what follows its newline.
    private func skipRestOfLine(already: Int) throws -> Item {
        var length = already
        var scratch = [UInt8](repeating: 0, count: chunkBytes)
        while !eof {
            let r = try scratch.withUnsafeMutableBytes { try readSome(into: $0, offset: 0, count: chunkBytes) }
            if r == 0 { eof = true; break }
            if let nl = scratch[0..<r].firstIndex(of: 0x0A) {
                length += nl
                if nl + 1 < r { carry = Array(scratch[(nl + 1)..<r]) }
                return .oversized(length)
            }
            length += r
        }
        return .oversized(length)
    }
}
