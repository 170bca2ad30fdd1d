import Foundation

/// Retries transient failures, as far as the operation allows (`HTTPRequest.retry`): a `.safe`
/// request after connection errors, timeouts, 408, 409, 429, 5xx and a JSON answer cut short; an
/// `.unsafe` or `.afterLookup` one only when the server surely did not act on it (refused before
/// sending, 408, 429, `x-should-retry: true`). `x-should-retry: false` stops any retry. Waits honour
/// `retry-after-ms` and `Retry-After` up to `maxRetryAfter` (a server asking for longer, or sending
/// nonsense, gets the policy's own backoff), else back off exponentially with jitter.
public struct RetryMiddleware: ClientMiddleware {
    /// One retry about to happen, for `--verbose`.
    public struct Note: Sendable, Equatable {
        public var delay: Double
        /// 1-based number of this retry, out of `maxRetries`.
        public var attempt: Int
        public var maxRetries: Int
        public var reason: String

        public var line: String {
            "* retrying in \(String(format: "%.2f", delay))s (attempt \(attempt)/\(maxRetries)): \(reason)"
        }
    }

    public let maxRetries: Int
    public let baseDelay: Double
    public let maxDelay: Double
    public let maxRetryAfter: Double
    /// Injected so tests need not sleep.
    public let sleep: @Sendable (Double) async throws -> Void
    /// In [0, 1): how much of the 25% jitter to take off. Injected so tests are exact.
    public let random: @Sendable () -> Double
    public let onRetry: @Sendable (Note) -> Void

    public init(maxRetries: Int, baseDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 10,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                onRetry: @escaping @Sendable (Note) -> Void = { _ in }) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
        self.random = random
        self.onRetry = onRetry
    }

    public func intercept(_ request: HTTPRequest,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        // A streamed response already handed to a sink cannot be replayed.
        let replayable = request.sink == nil
        var attempt = 0
        while true {
            let wait: Double
            let reason: String
            do {
                let response = try await next(request)
                guard replayable, attempt < maxRetries, let why = Self.reason(response, safety: request.retry) else {
                    return response
                }
                (wait, reason) = (delay(attempt: attempt, retryAfter: Self.retryAfter(response.headers)), why)
            } catch let error as FTError {
                guard replayable, attempt < maxRetries, let why = Self.reason(error, safety: request.retry) else { throw error }
                (wait, reason) = (delay(attempt: attempt, retryAfter: nil), why)
            }
            attempt += 1
            onRetry(Note(delay: wait, attempt: attempt, maxRetries: maxRetries, reason: reason))
            try await sleep(wait)
        }
    }

    /// Why this answer is worth another try, or nil when it is not.
    public static func reason(_ response: HTTPResponse, safety: RetrySafety) -> String? {
        switch response.headers["x-should-retry"]?.lowercased() {
        case "false": return nil
        case "true": return "HTTP \(response.status), and the server asked for a retry"
        default: break
        }
        switch response.status {
        case 408, 429: return "HTTP \(response.status)"
        case 409, 500...599: return safety == .safe ? "HTTP \(response.status)" : nil
        case 200..<300:
            return safety == .safe && isCutShort(response) ? "the answer was cut short" : nil
        default: return nil
        }
    }

    /// Why this failure is worth another try, or nil when it is not.
    public static func reason(_ error: FTError, safety: RetrySafety) -> String? {
        if error.neverSent { return error.why }
        guard safety == .safe, error.code == .network || error.code == .timeout else { return nil }
        return error.why
    }

    /// A JSON answer that does not parse: a proxy or a dropped connection cut it.
    static func isCutShort(_ response: HTTPResponse) -> Bool {
        guard let type = response.headers["content-type"]?.lowercased(), type.contains("json"), !response.body.isEmpty else { return false }
        return JSONValue.parse(response.body) == nil
    }

    /// Retry-After when it is within the cap, else 0.5 s doubling up to 8 s, less up to 25%.
    public func delay(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0, retryAfter <= maxRetryAfter { return retryAfter }
        let exp = baseDelay * pow(2, Double(min(attempt, 30)))
        let r = min(max(random(), 0), 1)
        return min(exp, maxDelay) * (1 - 0.25 * r)
    }

    /// `retry-after-ms`, or Retry-After in seconds or as an HTTP date; nil when absent or not a
    /// finite, non-negative number of seconds (`nan`, `-1`, `1e999` and garbage all read as nil).
    public static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Double? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms.isFinite, ms >= 0 {
            return ms / 1000
        }
        guard let v = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let s = Double(v) { return s.isFinite && s >= 0 ? s : nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: v).map { max(0, $0.timeIntervalSince(now)) }
    }
}
