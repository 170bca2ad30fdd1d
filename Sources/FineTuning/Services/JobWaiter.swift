import FTCore
import Foundation

/// Polls a job until it reaches a state, telling the caller each status change. It prints
/// nothing; the outcome is the job it returns, or `waitTimedOut`.
public struct JobWaiter: Sendable {
    public enum Target: String, Sendable, CaseIterable {
        case succeeded, terminal, running
    }

    public let client: FTClient
    /// Injected so tests need not sleep.
    public var sleep: @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }
    public var now: @Sendable () -> Date = { Date() }

    public init(client: FTClient) {
        self.client = client
    }

    /// The job once it is `target` (or ended, which settles every target); `onChange` sees each
    /// new status. `timeout` nil waits for as long as it takes.
    public func wait(id: String, until target: Target = .terminal, timeout: Double? = nil, interval: Double = 10,
                     onChange: @Sendable (Job) -> Void = { _ in }) async throws -> Job {
        let deadline = timeout.map { now().addingTimeInterval(Pause.clamp($0)) }
        var last: JobStatus?
        while true {
            let job = try await client.send(try client.provider.getJob(id))
            if job.status != last {
                last = job.status
                onChange(job)
            }
            if Self.reached(job.status, target) { return job }
            if let deadline, now() >= deadline {
                throw FTError(.waitTimedOut, what: "wait for job \(id)", why: "still \(job.status) when the time limit ran out",
                              hint: "Wait longer.", setting: .timeout)
            }
            let pause = deadline.map { min(interval, max(0.05, $0.timeIntervalSince(now()))) } ?? interval
            try await sleep(pause)
        }
    }

    /// One job's end of a wait: the job as last read, and whether it reached the target in time.
    public struct Result: Sendable {
        public var job: Job
        public var reached: Bool
        public init(job: Job, reached: Bool) {
            self.job = job
            self.reached = reached
        }
    }

    /// Several jobs at once: each round reads every job still unsettled, `onPoll` seeing each read
    /// (for a live status line). Returns when all reached `target` or the time ran out; jobs still
    /// short of it then come back with `reached` false (no error, so the caller sees them all).
    public func wait(ids: [String], until target: Target = .terminal, timeout: Double? = nil, interval: Double = 10,
                     onPoll: @Sendable ([Job]) -> Void = { _ in }) async throws -> [Result] {
        let deadline = timeout.map { now().addingTimeInterval(Pause.clamp($0)) }
        var latest: [String: Job] = [:]
        while true {
            for id in ids where !(latest[id].map { Self.reached($0.status, target) } ?? false) {
                latest[id] = try await client.send(try client.provider.getJob(id))
            }
            let jobs = ids.compactMap { latest[$0] }
            onPoll(jobs)
            let done = jobs.allSatisfy { Self.reached($0.status, target) }
            if done || deadline.map({ now() >= $0 }) == true {
                return jobs.map { Result(job: $0, reached: Self.reached($0.status, target)) }
            }
            let pause = deadline.map { min(interval, max(0.05, $0.timeIntervalSince(now()))) } ?? interval
            try await sleep(pause)
        }
    }

    public static func reached(_ status: JobStatus, _ target: Target) -> Bool {
        switch target {
        case .running: return status == .running || status.isTerminal
        case .succeeded, .terminal: return status.isTerminal
        }
    }
}
