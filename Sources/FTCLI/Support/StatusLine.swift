import FineTuning
import Foundation
import Synchronization

/// One line on stderr redrawn in place (`\r` and erase-line), cut to the terminal's width, only
/// when stderr is a terminal: in a pipe or a log file it writes nothing. Upload progress bars and
/// `jobs wait` draw through it.
final class StatusLine: Sendable {
    private let context: CLIContext
    /// Whether a line is on screen; held while writing, so redraws never interleave.
    private let shown = Mutex(false)
    let enabled: Bool

    init(context: CLIContext) {
        self.context = context
        enabled = context.stderrIsTTY && context.environment["TERM"] != "dumb"
    }

    func show(_ text: String) {
        guard enabled else { return }
        let width = max(20, (context.stderrWidth ?? context.terminalWidth ?? 80) - 1)
        let line = Renderer.printable(text)
        let cut = line.count > width ? String(line.prefix(width - 1)) + "…" : line
        shown.withLock { shown in
            shown = true
            context.writeErr("\r\u{1B}[2K" + cut)
        }
    }

    /// Erases the line, so what is printed next starts on a clean one.
    func clear() {
        shown.withLock { shown in
            guard shown else { return }
            shown = false
            context.writeErr("\r\u{1B}[2K")
        }
    }

    /// `ftjob-1  running  step 40/100  epoch 1.2  ETA 3m 20s`.
    static func describe(_ job: Job, eta: Double?) -> String {
        var parts = [job.id, job.status.rawValue]
        if let p = job.progress {
            if let step = p.step { parts.append(p.totalSteps.map { "step \(step)/\($0)" } ?? "step \(step)") }
            if let epoch = p.epoch, epoch.isFinite { parts.append(String(format: "epoch %.2g", epoch)) }
        }
        if let eta { parts.append("ETA \(ProgressEstimate.format(eta))") }
        return parts.joined(separator: "  ")
    }
}
