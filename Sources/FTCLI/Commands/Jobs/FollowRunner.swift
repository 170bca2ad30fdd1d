import ArgumentParser
import FineTuning
import Foundation
import Synchronization

/// `jobs logs --follow` and `jobs create --follow`: prints lines as they come (NDJSON with
/// `-o json`), a one-line summary on stderr at the end, and exits by the job's outcome. Ctrl-C
/// prints the command that resumes where it stopped and exits 130.
struct FollowRunner {
    let session: Session
    let client: FTClient
    let jobID: String
    var start: FollowStart = .beginning
    var maxOutage: Double?

    func run() async throws {
        var follower = LogFollower(client: client)
        if let maxOutage { follower.policy.maxOutage = maxOutage }
        let printer = LinePrinter(session: session)
        let state = FollowState()
        let context = session.context
        let jobID = self.jobID
        let outcome: FollowOutcome
        do {
            outcome = try await context.interruptible { [follower] in
                try await follower.follow(jobID: jobID, from: start) { update in
                    switch update {
                    case .line(let line):
                        printer.print(line)
                        state.last = line
                    case .reconnecting(let error, _, let outage) where outage == 0:
                        let limit = DurationText.format(follower.policy.maxOutage)
                        context.err("ftctl: job \(jobID): \(context.secrets.redactor.redact(error.why)); reconnecting for up to \(limit)")
                    case .reconnected(let outage):
                        context.err("ftctl: job \(jobID): reconnected after \(ProgressEstimate.format(outage))")
                    default:
                        break
                    }
                }
            }
        } catch is Interrupted {
            context.err("ftctl: interrupted; resume with: \(resumeCommand(follower, state.last))")
            throw ExitCode(ExitCodes.interrupted)
        } catch var ft as FTError where FollowPolicy.isTransient(ft) {
            ft.hint = (ft.hint.map { $0 + " " } ?? "") + "Resume with: \(resumeCommand(follower, state.last))"
            throw ft
        }
        session.note(Self.summary(outcome))
        session.recordFinished(outcome.job)
        let code = JobOutcome.exitCode(for: outcome.job.status, unfinished: ExitCodes.general)
        if code != ExitCodes.success { throw ExitCode(code) }
    }

    /// `job ftjob-1 succeeded: 10012 lines in 12s, 131 requests`.
    static func summary(_ o: FollowOutcome) -> String {
        var line = "job \(o.job.id) \(o.job.status)"
        if o.job.status == .failed, let why = o.job.error?.message { line += " (\(Renderer.printable(why)))" }
        line += ": \(o.lines) line\(o.lines == 1 ? "" : "s") in \(ProgressEstimate.format(o.seconds)), \(o.requests) requests"
        if o.outages > 0 { line += ", \(o.outages) outage\(o.outages == 1 ? "" : "s") ridden out" }
        return line
    }

    /// The command line that picks up after the last line printed, with the options that chose
    /// the provider and the output.
    func resumeCommand(_ follower: LogFollower, _ last: JobEvent?) -> String {
        var words = ["ftctl", "jobs", "logs", jobID, "--follow"]
        let point = last.flatMap { follower.resumePoint(after: $0) } ?? start
        switch point {
        case .after(let id): words += ["--after", id]
        case .since(let d): words += ["--since", RFC3339.format(d)]
        case .tail(let n): words += ["--tail", String(n)]
        case .beginning: break
        }
        let flags = session.flags
        if let p = flags.profile { words += ["--profile", p] }
        if let p = flags.provider { words += ["--provider", p.rawValue] }
        if let u = flags.baseURL { words += ["--base-url", u] }
        if let o = flags.output { words += ["-o", o.rawValue] }
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@+,")
        guard !word.isEmpty, word.unicodeScalars.allSatisfy(safe.contains) else {
            return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return word
    }
}

/// One log line as text (`2025-02-01 10:00:05  info  message`) or NDJSON.
struct LinePrinter: Sendable {
    let session: Session
    let json: Bool
    let palette: Palette

    init(session: Session) {
        self.session = session
        let r = session.renderer
        json = r.format == .json
        palette = r.palette
    }

    func print(_ line: JobEvent) {
        session.print(text(line))
    }

    func text(_ line: JobEvent) -> String {
        if json { return line.json.serialized() + "\n" }
        let time = line.time.map(Renderer.shortTime) ?? "-"
        let level = line.level.padded(to: 5)
        return "\(time)  \(palette.level(Renderer.printable(level)))  \(Renderer.printable(line.message))\n"
    }
}

/// The last line printed, shared by the follow's callback and the code that prints the resume
/// command after it.
final class FollowState: Sendable {
    private let state = Mutex<JobEvent?>(nil)
    var last: JobEvent? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
