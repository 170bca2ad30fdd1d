import Foundation

public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
    public var description: String { rawValue }
    public static let get = HTTPMethod(rawValue: "GET")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let head = HTTPMethod(rawValue: "HEAD")

    /// Safe to send again after a failure whose effect is unknown.
    public var isIdempotent: Bool { [.get, .head, .put, .delete].contains(self) }
}

/// Receives a response body as it arrives, on the transport's thread, instead of buffering it.
public protocol ResponseSink: AnyObject, Sendable {
    func receive(_ chunk: UnsafeRawBufferPointer) throws
}

/// Sees the bytes of a file-backed body as the transport reads them, with their file offsets, so a
/// digest is computed in the same read as the upload. Called on the transport's thread; a re-read
/// after a retry shows the same offsets again.
public protocol BodyObserver: AnyObject, Sendable {
    func didRead(path: String, offset: Int64, bytes: UnsafeRawBufferPointer)
}

/// Called with (bytes sent, bytes to send) as a request body goes out.
public typealias UploadProgress = @Sendable (_ sent: Int64, _ total: Int64) -> Void

/// Whether a request may be sent again after a failure that may have taken effect. A property of
/// the operation, not of the HTTP method: a cancel is a POST that is safe to repeat, a create is
/// not.
public enum RetrySafety: Sendable, Equatable {
    /// Repeating it changes nothing: retried after any transient failure.
    case safe
    /// Retried only when the server surely did not act on it (refused, 429, 408, `x-should-retry: true`).
    case unsafe
    /// As `unsafe` in the transport; the caller looks the effect up (by a request id it tagged the
    /// request with) before sending it again (`JobCreator`, `DatasetUpload`).
    case afterLookup
}

/// How long a whole request may take.
public enum RequestTimeout: Sendable, Equatable {
    case `default`
    case none
    case seconds(Double)
}

public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// Whole-transfer limit: the transport's default (ordinary API calls, which `--timeout` sets),
    /// none (uploads, downloads, follow streams: only the low-speed abort applies) or a value.
    public var timeout: RequestTimeout = .default
    public var connectTimeout: Double?
    /// Abort when fewer than `bytesPerSecond` move for `seconds`.
    public var lowSpeed: (bytesPerSecond: Int, seconds: Int)?
    /// When set, the body goes here and `HTTPResponse.body` stays empty.
    public var sink: (any ResponseSink)?
    public var uploadProgress: UploadProgress?
    public var bodyObserver: (any BodyObserver)?
    /// What this request does, in the user's words ("list jobs"), for error messages.
    public var operation: String
    /// Set per operation by the provider; by default from the method (GET, PUT, DELETE are safe).
    public var retry: RetrySafety
    /// False: a 3xx answer is the answer (Together's upload URL comes in a 302's Location).
    public var followsRedirects = true
    /// False: sent with no auth or `-H` headers (the bytes of a Together upload go to a signed URL).
    public var sendsCredentials = true

    public init(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: HTTPBody = .empty,
                operation: String = "") {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.operation = operation
        self.retry = method.isIdempotent ? .safe : .unsafe
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// The URL that answered, after redirects.
    public var url: String
    /// Whether the transport sent this over a connection it already had open (nil: unknown).
    public var reusedConnection: Bool?

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), url: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
    public var json: JSONValue? { JSONValue.parse(body) }
    public var requestID: String? {
        headers["x-request-id"] ?? headers["request-id"] ?? headers["x-portkey-trace-id"]
    }
}

extension HTTPRequest {
    /// The URL's path when one of its segments is empty, `.` or `..` (as an id given as '', '.' or
    /// '..' leaves it: libcurl drops dot segments, so `/jobs/.` is `/jobs/`, the list); nil for a
    /// well-formed path. A `/` at the end of a longer path is an empty last segment. Query and
    /// fragment are not looked at.
    public var pathWithUnusableSegment: String? { Self.pathWithUnusableSegment(url) }

    /// The same for a URL not yet a request (a base URL).
    public static func pathWithUnusableSegment(_ url: String) -> String? {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return nil }
        let path = afterScheme[slash...].prefix { $0 != "?" && $0 != "#" }
        guard path.count > 1 else { return nil }
        let unusable = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
        return unusable ? String(path) : nil
    }
}
