import FineTuning
import Foundation
import Synchronization

/// An upload's progress on stderr, redrawn in place: bytes, rate, ETA. Only on a terminal; in a
/// pipe or a log it prints nothing. Fed from the transport's thread, at most ten times a second.
final class ProgressBar: Sendable {
    private let line: StatusLine
    private let label: String
    private let started = Date()
    /// When the bar was last drawn; held while drawing, so updates from two threads draw in turn.
    private let lastDraw = Mutex(Date.distantPast)

    init(label: String, context: CLIContext) {
        self.label = label
        line = StatusLine(context: context)
    }

    /// A progress callback for `FileService`, or nil when stderr is not a terminal.
    static func forUpload(_ label: String, context: CLIContext) -> ProgressBar? {
        context.stderrIsTTY ? ProgressBar(label: label, context: context) : nil
    }

    func update(_ sent: Int64, _ total: Int64) {
        lastDraw.withLock { lastDraw in
            let now = Date()
            guard sent >= total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            line.show(Self.line(label: label, sent: sent, total: total, elapsed: now.timeIntervalSince(started)))
        }
    }

    /// Leaves the terminal on a fresh line.
    func finish() {
        line.clear()
    }

    static func line(label: String, sent: Int64, total: Int64, elapsed: Double) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(sent) / Double(total))) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = elapsed > 0 ? Double(sent) / elapsed : 0
        var text = "\(label) \(bar) \(Int(fraction * 100))% \(Renderer.bytes(Double(sent)))/\(Renderer.bytes(Double(total)))"
        if rate > 0 {
            text += " \(Renderer.bytes(rate))/s"
            let left = Double(total - sent) / rate
            if left.isFinite, left >= 1, left < 1e7 { text += " ETA \(DurationText.format(left.rounded()))" }
        }
        return text
    }
}
