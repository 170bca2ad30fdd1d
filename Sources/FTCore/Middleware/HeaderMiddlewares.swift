import Foundation

/// Sets headers the request does not already carry: the provider's auth headers, the user's `-H`
/// headers, and the user agent.
public struct HeadersMiddleware: ClientMiddleware {
    public let headers: HTTPHeaders
    public init(_ headers: HTTPHeaders) { self.headers = headers }

    public func intercept(_ request: HTTPRequest,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        var r = request
        for (name, value) in headers where !r.headers.contains(name) {
            // A request that must carry no credentials gets only the user agent.
            if r.sendsCredentials || name.lowercased() == "user-agent" { r.headers.add(name, value) }
        }
        return try await next(r)
    }
}

public enum UserAgent {
    public static var value: String { "ftctl/\(FTVersion.current)" }
}

/// Gives every request an id of ours (`X-Client-Request-Id`, which OpenAI-style services log) and
/// puts it on any transport error, so a failure that never reached a server can still be traced.
public struct RequestIDMiddleware: ClientMiddleware {
    public init() {}
    public func intercept(_ request: HTTPRequest,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        var r = request
        let id = r.headers["X-Client-Request-Id"] ?? "ftctl-" + UUID().uuidString.lowercased()
        r.headers["X-Client-Request-Id"] = id
        do {
            return try await next(r)
        } catch var error as FTError {
            if error.requestID == nil { error.requestID = id }
            throw error
        }
    }
}
