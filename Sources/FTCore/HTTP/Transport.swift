/// Moves one request over the wire. The only place ftctl does network I/O; everything above it is
/// pure. Non-2xx answers are returned, not thrown: deciding what a status means is the client's job.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Wraps the transport, as swift-openapi-runtime's ClientMiddleware does: each one may change the
/// request, call `next`, and change or inspect the response.
public protocol ClientMiddleware: Sendable {
    func intercept(_ request: HTTPRequest,
                   next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse
}

/// A transport with middlewares in front of it; the first middleware sees the request first.
public struct MiddlewareTransport: HTTPTransport {
    public let base: any HTTPTransport
    public let middlewares: [any ClientMiddleware]

    public init(_ base: any HTTPTransport, middlewares: [any ClientMiddleware]) {
        self.base = base
        self.middlewares = middlewares
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await call(index: 0, request)
    }

    private func call(index: Int, _ request: HTTPRequest) async throws -> HTTPResponse {
        guard index < middlewares.count else { return try await base.send(request) }
        return try await middlewares[index].intercept(request) { next in
            try await self.call(index: index + 1, next)
        }
    }
}
