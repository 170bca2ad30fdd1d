import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one way ftctl writes a file a user named (downloads, `--write-fixed`, the config, the upload
/// cache, rank files), as `curl -o` and `cp` do, without ever putting a regular file where
/// something else was:
/// - a regular file or a new path: bytes go to a temporary file in the same folder, which is
///   fsynced and renamed over the path when complete, so a failure, a crash or Ctrl-C leaves the
///   old content (or nothing) under that name; an existing file keeps its mode (and owner, where
///   allowed), a new one gets `newMode` less the umask;
/// - a symbolic link: followed to its last target (which need not exist yet), and that gets the
///   rules above, so the link stays a link;
/// - a character or block device, a FIFO or a socket: opened and written directly (`/dev/null`
///   stays `/dev/null`; a FIFO blocks until a reader comes, as with `cp`);
/// - a directory: an error naming the path (`.usage`: the argument is wrong, not the disk).
/// Bytes are written as they come: nothing holds the whole content. Sendable, since a download's
/// bytes arrive on the transport's thread and its commit comes from the caller's.
public final class OutputFile: Sendable {
    /// The path as given, for messages.
    public let path: String
    /// Where the bytes end up: the path with its symbolic links followed.
    public let target: String
    /// The temporary file renamed over `target`; nil when writing directly.
    private let temporary: String?
    /// The open descriptor, -1 once closed; `finished` once committed or discarded.
    private let handle: Mutex<(fd: Int32, finished: Bool)>

    /// Opens `path` for writing. `newMode` is for a file this creates (the umask applies).
    public init(_ path: String, newMode: mode_t = 0o666) throws {
        self.path = path
        let target = try Self.resolve(path)
        self.target = target
        var info = stat()
        let exists = stat(target, &info) == 0
        let kind = info.st_mode & S_IFMT
        if exists && kind == S_IFDIR || !exists && target.hasSuffix("/") {
            throw FTError(.usage, what: "write \(path)", why: "it is a directory", hint: "Give the path of a file.")
        }
        if exists && kind != S_IFREG {
            let fd = open(target, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure(path, errno) }
            handle = Mutex((fd, false))
            temporary = nil
            return
        }
        let (fd, temporary) = try Self.createTemporary(beside: target, mode: exists ? 0o600 : newMode, for: path)
        handle = Mutex((fd, false))
        self.temporary = temporary
        if exists {
            // Owner first: a chown clears set-id bits that the chmod then restores.
            _ = fchown(fd, info.st_uid, info.st_gid)
            _ = fchmod(fd, info.st_mode & 0o7777)
        }
    }

    deinit {
        discard()
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        try handle.withLock { handle in
            var offset = 0
            while offset < bytes.count {
                let n = writeSome(handle.fd, base + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure(path, errno)
                }
                offset += n
            }
        }
    }

    /// Makes the bytes written the content under `path`: syncs and renames a temporary file;
    /// closes a device or FIFO. On failure the path is left as it was.
    public func commit() throws {
        try handle.withLock { handle in
            guard !handle.finished else { return }
            handle.finished = true
            let fd = handle.fd
            handle.fd = -1
            if let temporary {
                var failed: Int32 = 0
                if fsync(fd) != 0 { failed = errno }
                if close(fd) != 0 && failed == 0 { failed = errno }
                if failed == 0 && rename(temporary, target) != 0 { failed = errno }
                if failed != 0 {
                    unlink(temporary)
                    throw Self.failure(path, failed)
                }
            } else if close(fd) != 0 {
                throw Self.failure(path, errno)
            }
        }
    }

    /// Leaves `path` as it was: the temporary file is removed. (Bytes already written to a device
    /// or FIFO are gone and cannot be taken back.) Does nothing after `commit`.
    public func discard() {
        handle.withLock { handle in
            guard !handle.finished else { return }
            handle.finished = true
            close(handle.fd)
            handle.fd = -1
            if let temporary { unlink(temporary) }
        }
    }

    /// Writes `data` whole to `path` by the same rules.
    public static func write(_ data: Data, to path: String, newMode: mode_t = 0o666) throws {
        let file = try OutputFile(path, newMode: newMode)
        try data.withUnsafeBytes { try file.write($0) }
        try file.commit()
    }

    /// `path` with every symbolic link along the chain followed (relative links from their own
    /// folder); the last one need not exist.
    static func resolve(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return current }
                throw failure(path, errno)
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw failure(path, errno) }
            let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : inFolder(of: current, link)
        }
        throw failure(path, ELOOP)
    }

    /// An exclusive new file beside `target`, hidden, with a random suffix.
    private static func createTemporary(beside target: String, mode: mode_t, for path: String) throws -> (Int32, String) {
        // A name near the 255-byte limit still leaves room for the prefix and suffix.
        let base = target.lastIndex(of: "/").map { target[target.index(after: $0)...] } ?? target[...]
        let name = String(decoding: Array(base.utf8.prefix(200)), as: UTF8.self)
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let candidate = inFolder(of: target, "." + name + ".ftctl-" + suffix)
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { throw failure(path, errno) }
        }
        throw failure(path, EEXIST)
    }

    /// `name` in the folder that holds `path` ("a" → "name", "/a" → "/name", "d/a" → "d/name").
    private static func inFolder(of path: String, _ name: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return name }
        return String(path[...slash]) + name
    }

    static func failure(_ path: String, _ code: Int32) -> FTError {
        FTError(.io, what: "write \(path)", why: String(cString: strerror(code)),
                hint: code == ENOENT ? "Check that the folder exists." : "Check the path and its folder's permissions.")
    }
}

/// write(2), named apart from `OutputFile.write`.
private func writeSome(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
