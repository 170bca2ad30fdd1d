import FTCore
import Foundation

/// How a follow polls and reconnects. Pure arithmetic, so the pacing is tested without a clock.
public struct FollowPolicy: Sendable, Equatable {
    /// The pause while lines keep arriving.
    public var fastInterval: Double = 1
    /// The longest pause while nothing arrives; idle pauses grow by `growth` up to it.
    public var idleCap: Double = 10
    public var growth: Double = 2
    /// While lines arrive the job's status is read at least this often (it is always read when a
    /// poll brings nothing, which is how the end of a job shows).
    public var statusEvery: Double = 30
    /// How long to keep reconnecting through network errors, 5xx and 429 before giving up.
    public var maxOutage: Double = 1800
    /// Reconnection backoff: from `retryBase`, doubling, up to `retryCap`; a Retry-After wins.
    public var retryBase: Double = 0.5
    public var retryCap: Double = 30
    /// Retry-After values above this are taken as this (a server asking for an hour is not obeyed blindly).
    public var maxRetryAfter: Double = 300
    /// Spread of the backoff, 0…1; 0 makes it exact (tests).
    public var jitter: Double = 0.2
    /// Lines per request: OpenAI-style pages, and the first size of a generic-v1 read.
    public var pageSize: Int = 100
    /// The most log lines one generic-v1 read asks for.
    public var maxLines: Int = 100_000

    public init() {}

    /// The pause after a poll: fast when it brought lines, else the last one grown, up to the cap.
    public func nextInterval(after previous: Double, gotLines: Bool) -> Double {
        guard !gotLines else { return fastInterval }
        let grown = max(previous, fastInterval) * max(1, growth)
        return min(max(grown, fastInterval), idleCap)
    }

    /// The pause before reconnection attempt `attempt` (0-based): the server's Retry-After when it
    /// sent one, else exponential backoff; `unit` in 0…1 spreads it by `jitter`.
    public func retryDelay(attempt: Int, retryAfter: Double?, unit: Double = 1) -> Double {
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0 { return min(retryAfter, maxRetryAfter) }
        let exp = retryBase * pow(2, Double(min(max(attempt, 0), 30)))
        let spread = 1 - min(max(jitter, 0), 1) * min(max(unit, 0), 1)
        return min(exp, retryCap) * spread
    }

    /// Errors worth waiting out: the service or the path to it is down, or answered garbage
    /// (a server restarting mid-answer). Anything else (401, 404, a bad request) ends the follow.
    public static func isTransient(_ error: FTError) -> Bool {
        [.network, .timeout, .unavailable, .badResponse].contains(error.code)
    }
}
