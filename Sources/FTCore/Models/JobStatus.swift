/// The contract's status vocabulary. A provider word outside it is kept as is, never rejected.
public struct JobStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let validatingFiles = JobStatus(rawValue: "validating_files")
    public static let queued = JobStatus(rawValue: "queued")
    public static let running = JobStatus(rawValue: "running")
    public static let paused = JobStatus(rawValue: "paused")
    public static let succeeded = JobStatus(rawValue: "succeeded")
    public static let failed = JobStatus(rawValue: "failed")
    public static let cancelled = JobStatus(rawValue: "cancelled")
    public static let stopped = JobStatus(rawValue: "stopped")
    public static let deployed = JobStatus(rawValue: "deployed")

    public static let known: [JobStatus] = [.validatingFiles, .queued, .running, .paused, .succeeded, .failed, .cancelled, .stopped, .deployed]

    public var isKnown: Bool { Self.known.contains(self) }
    /// The job will not change by itself any more.
    public var isTerminal: Bool { [.succeeded, .failed, .cancelled, .stopped, .deployed].contains(self) }
    public var isSuccess: Bool { self == .succeeded || self == .deployed }

    /// Maps a provider's word onto the vocabulary: spellings differ (`completed`, `canceled`,
    /// `CANCELLED`); anything unrecognised comes through unchanged.
    public static func normalize(_ word: String) -> JobStatus {
        let w = word.lowercased().replacingEvery("-", with: "_").replacingEvery(" ", with: "_")
        switch w {
        case "validating_files", "validating", "pending_validation": return .validatingFiles
        case "queued", "pending", "created", "scheduled": return .queued
        case "running", "in_progress", "training", "started": return .running
        case "paused": return .paused
        case "succeeded", "success", "completed", "complete", "finished": return .succeeded
        case "failed", "error", "errored": return .failed
        case "cancelled", "canceled", "cancelling", "canceling": return w.hasSuffix("ing") ? JobStatus(rawValue: word) : .cancelled
        case "stopped": return .stopped
        case "deployed": return .deployed
        default: return JobStatus(rawValue: word)
        }
    }
}
