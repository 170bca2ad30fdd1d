import Foundation

/// The one error type of ftctl: what failed, why, and what to do. The CLI maps `code` to an exit
/// code in a single place; everything below it only says what kind of failure this is.
public struct FTError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A kind of failure. A struct over a private enum so new kinds never break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case general, usage, invalidData, fileMissing, notFound, unsupported, declined, config, auth
            case unavailable, network, timeout, tls, cancelled, httpStatus, badResponse
            case jobFailed, jobCancelled, waitTimedOut, io, internalError, stoppedByRule
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// Anything without a kind of its own (exit 1).
        public static let general = Code(.general)
        /// A bad flag or value.
        public static let usage = Code(.usage)
        /// A dataset or spec file that fails validation.
        public static let invalidData = Code(.invalidData)
        /// An input file that is missing or unreadable.
        public static let fileMissing = Code(.fileMissing)
        /// A job, file or profile that does not exist.
        public static let notFound = Code(.notFound)
        /// The provider has no such operation.
        public static let unsupported = Code(.unsupported)
        /// Declined at a prompt or refused by the budget guard.
        public static let declined = Code(.declined)
        /// No key, no base URL, a broken config file.
        public static let config = Code(.config)
        /// 401/403.
        public static let auth = Code(.auth)
        /// 5xx or 429 after the retries.
        public static let unavailable = Code(.unavailable)
        /// Could not resolve, connect, or the connection broke.
        public static let network = Code(.network)
        public static let timeout = Code(.timeout)
        public static let tls = Code(.tls)
        public static let cancelled = Code(.cancelled)
        /// Any other non-2xx answer.
        public static let httpStatus = Code(.httpStatus)
        /// A response that could not be read as what the provider documents.
        public static let badResponse = Code(.badResponse)
        public static let jobFailed = Code(.jobFailed)
        public static let jobCancelled = Code(.jobCancelled)
        public static let waitTimedOut = Code(.waitTimedOut)
        /// A watching rule fired and the job was cancelled for it.
        public static let stoppedByRule = Code(.stoppedByRule)
        /// A local read or write failed.
        public static let io = Code(.io)
        public static let internalError = Code(.internalError)
    }

    public var code: Code
    /// What failed, e.g. "get job ftjob-1".
    public var what: String
    /// Why, e.g. "connection refused by 127.0.0.1:9".
    public var why: String
    /// What to do about it, when there is something to say.
    public var hint: String?
    public var httpStatus: Int?
    /// The start of the response body, for --verbose and tests.
    public var responseBody: String?
    public var requestID: String?
    /// From a 429/503 Retry-After header.
    public var retryAfter: Double?
    /// The request never reached a server (connection refused), so sending it again is safe.
    public var neverSent = false
    /// The setting the hint is about, in no front end's spelling: the CLI names its flag for it.
    public var setting: Setting?
    /// The underlying error this one was made from, when it was another (a decoding error, errno).
    public var cause: String?

    public init(_ code: Code, what: String, why: String, hint: String? = nil, setting: Setting? = nil,
                httpStatus: Int? = nil, responseBody: String? = nil, requestID: String? = nil,
                retryAfter: Double? = nil, cause: String? = nil) {
        self.code = code
        self.what = what
        self.why = why
        self.hint = hint
        self.setting = setting
        self.cause = cause
        self.httpStatus = httpStatus
        self.responseBody = responseBody
        self.requestID = requestID
        self.retryAfter = retryAfter
    }

    /// `<what failed>: <why>. <what to do>` on one line.
    public var description: String {
        var line = what.isEmpty ? why : "\(what): \(why)"
        if let requestID, !line.contains(requestID) { line += " (request id \(requestID))" }
        if let hint, !hint.isEmpty {
            if !line.hasSuffix(".") { line += "." }
            line += " " + hint
        }
        return line.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// Retitles an error raised below with the operation the user asked for.
    public func during(_ what: String) -> FTError {
        var copy = self
        if copy.what.isEmpty { copy.what = what }
        return copy
    }
}

extension FTError {
    /// A setting an error's hint may point at. The library says "the base URL"; a front end adds
    /// how its user sets it (`--base-url`), in the one place it maps errors.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case baseURL, apiKey, timeout, maxRetries, insecureHTTP, rawOutput, skipValidation, hardware, cursor, budget
    }
}
