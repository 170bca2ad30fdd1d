import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The terminal as a full-screen program uses it: raw keys (no echo, no line editing, Ctrl-C as a
/// key), the alternate screen, the cursor hidden; and everything put back as it was on `restore`,
/// which is safe to call twice and from a signal handler's queue.
final class RawTerminal: Sendable {
    private let saved: Mutex<termios?>

    init?() {
        var t = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &t) == 0 else { return nil }
        saved = Mutex(t)
        var raw = t
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        Self.write("\u{1B}[?1049h\u{1B}[?25l")
    }

    func restore() {
        saved.withLock { saved in
            guard var t = saved else { return }
            Self.write("\u{1B}[?25h\u{1B}[?1049l")
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &t)
            saved = nil
        }
    }

    /// Rows and columns now.
    static func size() -> (rows: Int, columns: Int) {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return (24, 80) }
        return (Int(ws.ws_row), Int(ws.ws_col))
    }

    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            done += n
        }
    }

    /// Keys as they are typed, read on a thread of their own (a blocking read); an arrow key's
    /// escape sequence arrives as one key.
    static func keys() -> AsyncStream<Key> {
        AsyncStream { continuation in
            let thread = Thread {
                var pending: [UInt8] = []
                var byte: UInt8 = 0
                while read(STDIN_FILENO, &byte, 1) == 1 {
                    pending.append(byte)
                    if pending == [0x1B] || pending == [0x1B, 0x5B] { continue }
                    continuation.yield(Key(pending))
                    pending = []
                }
                continuation.finish()
            }
            thread.start()
        }
    }

    enum Key: Sendable, Equatable {
        case up, down, char(Character), other
        init(_ bytes: [UInt8]) {
            switch bytes {
            case [0x1B, 0x5B, 0x41]: self = .up
            case [0x1B, 0x5B, 0x42]: self = .down
            case let b where b.count == 1: self = .char(Character(UnicodeScalar(b[0])))
            default: self = .other
            }
        }
    }
}
