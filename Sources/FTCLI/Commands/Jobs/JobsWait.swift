import ArgumentParser
import FTCore
import Foundation

struct JobsWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait for a job to reach a state; exit code by outcome.",
        discussion: "Exit 0 succeeded, 2 failed, 3 cancelled or stopped, 4 timed out still unfinished.")

    enum Target: String, ExpressibleByArgument, CaseIterable { case succeeded, terminal, running }

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Option(name: .customLong("for"), help: "succeeded, terminal or running.") var target: Target = .terminal
    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("Give up after this long (exit 4).", valueName: "duration"))
    var waitTimeout: String?
    @Option(help: ArgumentHelp("Time between checks.", valueName: "duration")) var interval: String = "10s"

    func validate() throws {
        guard let i = DurationText.seconds(interval), i > 0 else { throw ValidationError("--interval '\(interval)' is not a duration") }
        if let waitTimeout, DurationText.seconds(waitTimeout) == nil { throw ValidationError("--wait-timeout '\(waitTimeout)' is not a duration") }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        // The contract spells the wait limit --timeout; it is also the per-request limit, so a
        // separate --wait-timeout wins when both are given.
        let limit = (waitTimeout ?? global.timeout).flatMap(DurationText.seconds)
        try await JobWaiter(client: client, session: session)
            .wait(id: id, until: target, timeout: limit, interval: DurationText.seconds(interval) ?? 10)
    }
}

/// Polls a job until it reaches the target, printing each status change on stderr.
struct JobWaiter {
    let client: FTClient
    let session: Session

    func wait(id: String, until target: JobsWait.Target, timeout: Double?, interval: Double) async throws {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var last: JobStatus?
        while true {
            let job = try await client.send(try client.provider.getJob(id))
            if job.status != last {
                last = job.status
                var line = "job \(id): \(job.status)"
                if let f = job.progress?.fraction { line += " (\(Int(f * 100))%)" }
                session.note(line)
            }
            let reached: Bool = switch target {
            case .running: job.status == .running || job.status.isTerminal
            case .succeeded, .terminal: job.status.isTerminal
            }
            if reached {
                session.print(try session.renderer.one(job))
                if target == .running && job.status == .running { return }
                let code = JobOutcome.exitCode(for: job.status, unfinished: ExitCodes.general)
                if code != 0 { throw ExitCode(code) }
                return
            }
            if let deadline, Date() >= deadline {
                throw FTError(.waitTimedOut, what: "wait for job \(id)", why: "still \(job.status) when the time limit ran out",
                              hint: "Wait longer with --wait-timeout.")
            }
            let pause = deadline.map { min(interval, max(0.05, $0.timeIntervalSinceNow)) } ?? interval
            try await Task.sleep(nanoseconds: UInt64(pause * 1e9))
        }
    }
}
