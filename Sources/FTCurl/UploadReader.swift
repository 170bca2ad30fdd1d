import FTCore
import Foundation

/// Feeds a request body to libcurl piece by piece: bytes in memory are copied, file ranges are
/// read from disk a buffer at a time, so a large upload never sits in memory.
final class UploadReader {
    private let segments: [BodySegment]
    private var index = 0
    /// Bytes of the current segment already handed out.
    private var consumed: Int64 = 0
    private var fd: Int32 = -1
    private let observer: (any BodyObserver)?

    init(body: HTTPBody, observer: (any BodyObserver)? = nil) {
        self.observer = observer
        switch body {
        case .empty: segments = []
        case .data(let d): segments = [.data(d)]
        case .segments(let s): segments = s
        }
    }

    /// Fills `buffer`; returns 0 at the end of the body.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while index < segments.count {
            let segment = segments[index]
            let remaining = segment.length - consumed
            if remaining <= 0 {
                advance()
                continue
            }
            let want = Int(min(Int64(buffer.count), remaining))
            switch segment {
            case .data(let d):
                let start = d.startIndex + Int(consumed)
                d.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<(start + want))
                consumed += Int64(want)
                return want
            case .fileRange(let path, let offset, _):
                if fd < 0 {
                    fd = open(path, O_RDONLY)
                    guard fd >= 0 else {
                        throw FTError(.fileMissing, what: "read \(path)", why: String(cString: strerror(errno)), hint: "Check the path.")
                    }
                    guard lseek(fd, off_t(offset + consumed), SEEK_SET) >= 0 else {
                        throw FTError(.io, what: "read \(path)", why: String(cString: strerror(errno)))
                    }
                }
                let got = Foundation.read(fd, buffer.baseAddress, want)
                if got < 0 { throw FTError(.io, what: "read \(path)", why: String(cString: strerror(errno))) }
                if got == 0 {
                    // The file shrank since its size was taken: sending less than announced would hang.
                    throw FTError(.io, what: "read \(path)", why: "the file changed while it was being uploaded", hint: "Upload it again.")
                }
                observer?.didRead(path: path, offset: offset + consumed, bytes: UnsafeRawBufferPointer(rebasing: buffer[..<got]))
                consumed += Int64(got)
                return got
            }
        }
        return 0
    }

    private func advance() {
        close()
        index += 1
        consumed = 0
    }

    func rewind() {
        close()
        index = 0
        consumed = 0
    }

    func close() {
        if fd >= 0 { _ = Foundation.close(fd) }
        fd = -1
    }
}
