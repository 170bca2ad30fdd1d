/// Sleeping for a number of seconds that came from somewhere else (a flag, a Retry-After header):
/// NaN, negative and infinite values never reach `UInt64(...)`, which would trap.
public enum Pause {
    /// The longest single sleep: a day. Anything longer is clamped.
    public static let longest: Double = 86_400

    public static func clamp(_ seconds: Double) -> Double {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return min(seconds, longest)
    }

    public static func sleep(_ seconds: Double) async throws {
        let s = clamp(seconds)
        guard s > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(nanoseconds: UInt64(s * 1_000_000_000))
    }
}
