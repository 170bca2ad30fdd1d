import CCurl
import FTCore
import Foundation

/// The real transport: libcurl's multi interface, driven from one thread that owns every easy
/// handle (a handle is never touched from two threads). One multi handle per process keeps a
/// connection cache, so requests to the same host reuse connections.
public struct CurlTransport: HTTPTransport {
    public struct Options: Sendable {
        /// Default whole-request limit, in seconds; a request's own `timeout` wins. nil: none.
        public var timeout: Double?
        public var connectTimeout: Double
        /// Abort a transfer moving under `bytesPerSecond` for `seconds`.
        public var lowSpeed: (bytesPerSecond: Int, seconds: Int)
        /// A PEM bundle to verify servers against instead of the system's.
        public var caBundle: String?
        public var maxRedirects: Int
        /// The most a buffered response may hold; streamed downloads go to their sink instead.
        public var maxBodyBytes: Int

        public init(timeout: Double? = 60, connectTimeout: Double = 10,
                    lowSpeed: (bytesPerSecond: Int, seconds: Int) = (1, 60),
                    caBundle: String? = nil, maxRedirects: Int = 5, maxBodyBytes: Int = 64 << 20) {
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.lowSpeed = lowSpeed
            self.caBundle = caBundle
            self.maxRedirects = maxRedirects
            self.maxBodyBytes = maxBodyBytes
        }
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The libcurl this binary runs with, for `--version`.
    public static var libcurlVersion: String { CurlGlobal.version }

    /// Follows redirects within the same origin (scheme, host and port) only; see `Redirect`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var current = request
        for _ in 0...max(0, options.maxRedirects) {
            let response = try await sendOnce(current)
            guard current.followsRedirects, let next = try Redirect.next(after: response, of: current) else { return response }
            current = next
        }
        throw FTError(.network, what: request.operation, why: "too many redirects from \(Redirect.origin(request.url) ?? request.url)",
                      hint: "Check the base URL.", setting: .baseURL)
    }

    private func sendOnce(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        try CurlGlobal.ready(for: request.operation)
        let transfer = try CurlTransfer(request: request, options: options)
        let loop = CurlLoop.shared
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }
}
