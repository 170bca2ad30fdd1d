import FTCore
import Foundation

/// How far a job is and when it should end: the provider's own estimate when it gives one, else
/// the pace so far (steps per second since the job started, or since ftctl first saw it).
public struct ProgressEstimate: Sendable {
    /// The first reading of a running job, for the pace when the job has no start time.
    private var first: (time: Date, step: Int)?

    public init() {}

    /// Keeps the first reading with a step count.
    public mutating func observe(_ job: Job, at now: Date) {
        guard first == nil, job.status == .running, let step = job.progress?.step else { return }
        first = (now, step)
    }

    /// Seconds left, or nil when nothing says.
    public func secondsLeft(_ job: Job, now: Date) -> Double? {
        guard !job.status.isTerminal else { return nil }
        if let finish = job.estimatedFinish { return max(0, finish.timeIntervalSince(now)) }
        guard job.status == .running, let p = job.progress, let step = p.step, let total = p.totalSteps, total > 0 else { return nil }
        let left = Double(max(0, total - step))
        if let started = job.startedAt, step > 0 {
            let elapsed = now.timeIntervalSince(started)
            if elapsed > 0 { return left * elapsed / Double(step) }
        }
        if let first, step > first.step {
            let elapsed = now.timeIntervalSince(first.time)
            if elapsed > 0 { return left * elapsed / Double(step - first.step) }
        }
        return nil
    }

    /// `1h 02m`, `3m 20s`, `45s`: short, for a status line.
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(min(seconds, 1e7).rounded())
        if s >= 3600 { return "\(s / 3600)h \(String(format: "%02d", (s % 3600) / 60))m" }
        if s >= 60 { return "\(s / 60)m \(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
