import Foundation

/// Retries what is safe to retry: 429 and 503 (the server did not act on the request), other 5xx
/// and broken connections only for idempotent methods, and a refused connection always (nothing
/// was sent). Waits honour Retry-After, otherwise back off exponentially with jitter.
public struct RetryMiddleware: ClientMiddleware {
    public let maxRetries: Int
    public let baseDelay: Double
    public let maxDelay: Double
    /// Injected so tests need not sleep.
    public let sleep: @Sendable (Double) async throws -> Void

    public init(maxRetries: Int, baseDelay: Double = 0.5, maxDelay: Double = 30,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
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
        if let retryAfter { return min(max(retryAfter, 0), maxDelay) }
        let exp = baseDelay * pow(2, Double(attempt))
        return min(exp * Double.random(in: 0.75...1.25), maxDelay)
    }

    /// Retry-After in seconds, or as an HTTP date.
    public static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        guard let v = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let s = Double(v) { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: v).map { max(0, $0.timeIntervalSinceNow) }
    }
}
