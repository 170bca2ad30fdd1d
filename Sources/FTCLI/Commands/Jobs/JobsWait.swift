import ArgumentParser
import FineTuning
import Foundation

struct JobsWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait for a job to reach a state; exit code by outcome.",
        discussion: "Exit 0 succeeded, 2 failed, 3 cancelled or stopped, 4 timed out still unfinished.")

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Option(name: .customLong("for"), help: "succeeded, terminal or running.") var target: JobWaiter.Target = .terminal
    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("Give up after this long (exit 4).", valueName: "duration"))
    var waitTimeout: String?
    @Option(help: ArgumentHelp("Time between checks (at most 1h).", valueName: "duration")) var interval: String = "10s"

    func validate() throws {
        guard let i = DurationText.seconds(interval), i > 0, i <= 3600 else {
            throw ValidationError("--interval '\(interval.prefix(40))' is not a duration from 1ms to 1h")
        }
        if let waitTimeout, DurationText.seconds(waitTimeout) == nil {
            throw ValidationError("--wait-timeout '\(waitTimeout.prefix(40))' is not a duration")
        }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        // The contract spells the wait limit --timeout; it is also the per-request limit, so a
        // separate --wait-timeout wins when both are given.
        let limit = (waitTimeout ?? global.timeout).flatMap(DurationText.seconds)
        let job = try await JobWaiter(client: client)
            .wait(id: id, until: target, timeout: limit, interval: DurationText.seconds(interval) ?? 10) { session.noteStatus($0) }
        try Self.finish(job, target: target, session: session)
    }

    /// Prints the job and exits by its outcome; `--for running` is met by a running job.
    static func finish(_ job: Job, target: JobWaiter.Target, session: Session) throws {
        session.print(try session.renderer.one(job))
        if target == .running && job.status == .running { return }
        let code = JobOutcome.exitCode(for: job.status, unfinished: ExitCodes.general)
        if code != 0 { throw ExitCode(code) }
    }
}

extension JobWaiter.Target: ExpressibleByArgument {}

extension Session {
    /// A status change on stderr: `job ftjob-1: running (40%)`.
    func noteStatus(_ job: Job) {
        var line = "job \(job.id): \(job.status)"
        if let f = job.progress?.fraction, f.isFinite { line += " (\(Int(max(0, min(1, f)) * 100))%)" }
        note(line)
    }
}
