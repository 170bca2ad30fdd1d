#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text to standard output or error through write(2). Foundation's `FileHandle.write(_:)` traps
/// (a `try!` inside) when the reader has gone: `ftctl --help | head -1` printed a fatal error and a
/// stack trace, SIGPIPE being ignored so that no write kills the process. A gone reader gets no
/// more text; the command still finishes what it does (a job it made, a ledger line) and exits as
/// it would have.
enum StandardStream {
    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = Self.systemWrite(fd, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return  // EPIPE and any other failure: nothing more can reach this reader
                }
            }
        }
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, pointer, count)
        #else
        Darwin.write(fd, pointer, count)
        #endif
    }
}
