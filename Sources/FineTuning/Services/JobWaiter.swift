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
                              hint: "Wait longer with --timeout.")
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
