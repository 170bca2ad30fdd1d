import ArgumentParser
import FineTuning
import Foundation
import Synchronization

struct JobsWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait for jobs to reach a state; exit code by outcome.",
        discussion: """
        Quiet by default: the exit code is the answer (0 succeeded, 2 failed, 3 cancelled or stopped, \
        4 timed out still unfinished; for several jobs the worst of them, failed before cancelled \
        before timed out). On a terminal a status line (status, step of total, ETA) is redrawn on \
        stderr. -o, --field or -q print the jobs as they ended.
        """)

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job ids.") var ids: [String]
    @Option(name: .customLong("for"), help: "succeeded, terminal or running.") var target: JobWaiter.Target = .terminal
    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("Give up after this long (exit 4); the same as --timeout.", valueName: "duration"))
    var waitTimeout: DurationValue?
    @Option(help: ArgumentHelp("Time between checks (at most 1h).", valueName: "duration"))
    var interval = DurationValue(seconds: 10)
    @OptionGroup(title: "Rules") var rules: RuleOptions
    @OptionGroup(title: "Hooks") var hooks: HookOptions

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give at least one job id") }
        guard interval.seconds > 0, interval.seconds <= 3600 else {
            throw ValidationError("--interval '\(interval.text.prefix(40))' is not a duration from 1ms to 1h")
        }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let hooks = try self.hooks.runner(session: session)
        let command = self
        var supervisor = RuleSupervisor(session: session, client: client, rules: rules.armed, interval: interval.seconds,
                                        onFiring: hooks.ruleFired)
        // Spend so far, for a cost rule: what the ledger knows of jobs ftctl created.
        let spend = JobSpend(session.ledger.read().records)
        supervisor.spend = { spend.spent($0) }
        try await hooks.afterOutcome(of: ids, client: client) {
            try await supervisor.run(jobIDs: command.ids) { try await command.waitAll(session: session, client: client) }
        }
    }

    private func waitAll(session: Session, client: FTClient) async throws {
        // The contract spells the wait limit --timeout; it is also the per-request limit, so a
        // separate --wait-timeout wins when both are given.
        let limit = (waitTimeout ?? global.timeout)?.seconds
        let waiter = JobWaiter(client: client)
        let line = StatusLine(context: session.context)
        let pace = PaceBook()
        let results = try await waiter.wait(ids: ids, until: target, timeout: limit,
                                            interval: interval.seconds) { jobs in
            guard line.enabled else { return }
            let now = waiter.now()
            line.show(jobs.map { StatusLine.describe($0, eta: pace.eta($0, now: now)) }.joined(separator: "  ·  "))
        }
        line.clear()
        if global.output != nil || global.field != nil || global.quiet || global.raw {
            let jobs = results.map(\.job)
            session.print(jobs.count == 1 ? try session.renderer.one(jobs[0]) : try session.renderer.list(jobs))
        }
        try Self.exit(results, target: target)
    }

    /// The worst outcome: a failure, then a cancellation, then a timeout (exit 4 with one line).
    static func exit(_ results: [JobWaiter.Result], target: JobWaiter.Target) throws {
        let codes = results.map { r -> Int32 in
            guard r.reached else { return ExitCodes.waitTimedOut }
            if target == .running && r.job.status == .running { return ExitCodes.success }
            return JobOutcome.exitCode(for: r.job.status, unfinished: ExitCodes.general)
        }
        let rank: [Int32] = [ExitCodes.jobFailed, ExitCodes.jobCancelled, ExitCodes.general, ExitCodes.waitTimedOut]
        guard let worst = rank.first(where: codes.contains) else { return }
        if worst == ExitCodes.waitTimedOut {
            let late = results.filter { !$0.reached }.map { "\($0.job.id) is \($0.job.status)" }
            throw FTError(.waitTimedOut, what: "wait for \(results.count == 1 ? "job" : "jobs") \(results.map(\.job.id).joined(separator: ", "))",
                          why: "the time limit ran out (\(late.joined(separator: ", ")))", hint: "Wait longer with --timeout.")
        }
        throw ExitCode(worst)
    }

    /// Prints the job and exits by its outcome; `--for running` is met by a running job.
    static func finish(_ job: Job, target: JobWaiter.Target, session: Session) throws {
        session.recordFinished(job)
        session.print(try session.renderer.one(job))
        try exit([JobWaiter.Result(job: job, reached: true)], target: target)
    }
}

/// ETA per job from the pace seen so far, shared with the poll callback.
final class PaceBook: Sendable {
    private let estimates = Mutex<[String: ProgressEstimate]>([:])

    func eta(_ job: Job, now: Date) -> Double? {
        estimates.withLock { estimates in
            var e = estimates[job.id] ?? ProgressEstimate()
            e.observe(job, at: now)
            estimates[job.id] = e
            return e.secondsLeft(job, now: now)
        }
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
