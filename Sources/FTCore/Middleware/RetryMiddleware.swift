import Foundation

/// Retries what is safe to retry: 429 and 503 (the server did not act on the request), other 5xx
/// and broken connections only for idempotent methods, and a refused connection always (nothing
/// was sent). Waits honour Retry-After up to `maxRetryAfter` (a server asking for longer, or
/// sending nonsense, gets the policy's own backoff instead), otherwise back off exponentially with jitter.
public struct RetryMiddleware: ClientMiddleware {
    public let maxRetries: Int
    public let baseDelay: Double
    public let maxDelay: Double
    public let maxRetryAfter: Double
    /// Injected so tests need not sleep.
    public let sleep: @Sendable (Double) async throws -> Void

    public init(maxRetries: Int, baseDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 10,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
    }

    public func intercept(_ request: HTTPRequest,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        // A streamed response already handed to a sink cannot be replayed.
        let replayable = request.sink == nil
        var attempt = 0
        while true {
            do {
                let response = try await next(request)
                guard replayable, attempt < maxRetries, shouldRetry(status: response.status, method: request.method) else {
                    return response
                }
                try await sleep(delay(attempt: attempt, retryAfter: Self.retryAfter(response.headers)))
            } catch let error as FTError {
                guard replayable, attempt < maxRetries, shouldRetry(error: error, method: request.method) else { throw error }
                try await sleep(delay(attempt: attempt, retryAfter: nil))
            }
            attempt += 1
        }
    }

    func shouldRetry(status: Int, method: HTTPMethod) -> Bool {
        switch status {
        case 429, 503: return true
        case 500, 502, 504: return method.isIdempotent
        default: return false
        }
    }

    func shouldRetry(error: FTError, method: HTTPMethod) -> Bool {
        if error.neverSent { return true }
        return (error.code == .network || error.code == .timeout) && method.isIdempotent
    }

    func delay(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0, retryAfter <= maxRetryAfter { return retryAfter }
        let exp = baseDelay * pow(2, Double(min(attempt, 30)))
        return min(exp, maxDelay) * Double.random(in: 0.75...1)
    }

    /// Retry-After in seconds, or as an HTTP date; nil when absent or not a finite, non-negative
    /// number of seconds (`nan`, `-1`, `1e999` and garbage all read as nil).
    public static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms.isFinite, ms >= 0 {
            return ms / 1000
        }
        guard let v = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let s = Double(v) { return s.isFinite && s >= 0 ? s : nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: v).map { max(0, $0.timeIntervalSinceNow) }
    }
}
