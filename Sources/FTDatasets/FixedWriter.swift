import FTCore
import Foundation

/// Writes the corrected copy: to a temporary file beside the destination, renamed over it only
/// when everything was written, so a failure never leaves a half-written OUT (nor touches an
/// existing one). Refuses to write over the input file.
final class FixedWriter {
    let destination: String
    private let temporary: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let flushAt = 1 << 20
    private var finished = false
    private(set) var linesWritten = 0

    init(destination: String, input: String) throws {
        let what = "write the fixed copy to \(destination)"
        var inputStat = stat(), outStat = stat()
        if stat(input, &inputStat) == 0, stat(destination, &outStat) == 0,
           inputStat.st_dev == outStat.st_dev, inputStat.st_ino == outStat.st_ino {
            throw FTError(.usage, what: what, why: "it is the input file", hint: "Give --write-fixed another path.")
        }
        let url = URL(fileURLWithPath: destination)
        let directory = url.deletingLastPathComponent().path
        let template = directory + "/." + url.lastPathComponent + ".ftctl-XXXXXX"
        var bytes = Array(template.utf8CString)
        let fd = bytes.withUnsafeMutableBufferPointer { p -> Int32 in
            guard let base = p.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else {
            throw FTError(.io, what: what, why: String(cString: strerror(errno)), hint: "Check that the folder exists and is writable.")
        }
        self.fd = fd
        self.destination = destination
        self.temporary = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o644)
        buffer.reserveCapacity(flushAt + 4096)
    }

    deinit {
        if !finished { abandon() }
    }

    /// Appends one line and a newline.
    func writeLine(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        linesWritten += 1
        if buffer.count >= flushAt { try flush() }
    }

    private func flush() throws {
        var offset = 0
        try buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while offset < raw.count {
                let w = write(fd, base + offset, raw.count - offset)
                if w < 0 {
                    if errno == EINTR { continue }
                    throw FTError(.io, what: "write the fixed copy to \(destination)", why: String(cString: strerror(errno)))
                }
                offset += w
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file to the destination.
    func commit() throws {
        try flush()
        guard fsync(fd) == 0, close(fd) == 0 else {
            let why = String(cString: strerror(errno))
            abandon()
            throw FTError(.io, what: "write the fixed copy to \(destination)", why: why)
        }
        fd = -1
        guard rename(temporary, destination) == 0 else {
            let why = String(cString: strerror(errno))
            abandon()
            throw FTError(.io, what: "write the fixed copy to \(destination)", why: why)
        }
        finished = true
    }

    /// Removes the temporary file.
    func abandon() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporary)
        finished = true
    }
}
