import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What ftctl knows about where its output goes.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Columns of the terminal on stdout (or `fd`), else `COLUMNS`, else nil.
    static func width(fd: Int32 = STDOUT_FILENO, environment: [String: String]) -> Int? {
        var ws = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return environment["COLUMNS"].flatMap(Int.init)
    }
}

/// ANSI colour, used only when the output is a terminal and nobody said NO_COLOR / --no-color.
struct Palette: Sendable {
    let enabled: Bool

    /// Colours `text`, resetting before any line break it ends with, so the colour never runs
    /// onto the next line.
    func paint(_ text: String, _ code: String) -> String {
        guard enabled else { return text }
        var body = Substring(text)
        var tail = ""
        while let last = body.last, last.isNewline {
            tail.insert(last, at: tail.startIndex)
            body.removeLast()
        }
        return "\u{1B}[\(code)m\(body)\u{1B}[0m" + tail
    }

    /// A log level: errors red, warnings yellow.
    func level(_ word: String) -> String {
        switch word.lowercased() {
        case "error", "fatal", "critical": return paint(word, "31")
        case "warn", "warning": return paint(word, "33")
        default: return word
        }
    }

    func status(_ word: String) -> String {
        switch word {
        case "succeeded", "deployed": return paint(word, "32")
        case "failed": return paint(word, "31")
        case "running", "validating_files", "queued": return paint(word, "33")
        case "cancelled", "stopped", "paused": return paint(word, "35")
        default: return word
        }
    }
}
