import Hummingbird

/// Checks credentials the way each provider does, answering in its own error shape.
struct OpenAIAuth<Context: RequestContext>: RouterMiddleware {
    let apiKey: String
    /// `/v1` also serves Portkey, recognised by its key header.
    let allowPortkey: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if allowPortkey, let key = Reply.header(request, "x-portkey-api-key") {
            guard key == apiKey else { return Reply.portkeyError(.unauthorized, "Invalid API key. Check x-portkey-api-key.") }
            let routed = ["x-portkey-provider", "x-portkey-virtual-key", "x-portkey-config"].contains { Reply.header(request, $0) != nil }
            guard routed else {
                return Reply.portkeyError(.badRequest, "Either x-portkey-config or x-portkey-provider or x-portkey-virtual-key header is required")
            }
            return try await next(request, context)
        }
        guard let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") else {
            return Reply.openAIError(.unauthorized, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")
        }
        let key = String(auth.dropFirst(7))
        guard key == apiKey else {
            let masked = key.count > 8 ? "\(key.prefix(3))****\(key.suffix(4))" : "****"
            return Reply.openAIError(.unauthorized, "Incorrect API key provided: \(masked).", code: "invalid_api_key")
        }
        return try await next(request, context)
    }
}

/// The platform API: `X-API-Key` with scopes. The sandbox key has every scope; `<key>-readonly`
/// has only fine-tuning:read, so tests can see a 403.
struct PlatformAuth<Context: RequestContext>: RouterMiddleware {
    let apiKey: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = Reply.header(request, "x-api-key") else {
            return Reply.platformError(.unauthorized, "UNAUTHORIZED", "Missing X-API-Key header")
        }
        if key == apiKey + "-readonly" {
            let writes = request.method != .get && !request.uri.path.hasSuffix("/estimate-cost")
            if writes { return Reply.platformError(.forbidden, "FORBIDDEN", "The API key lacks the fine-tuning:write scope") }
            return try await next(request, context)
        }
        guard key == apiKey else { return Reply.platformError(.unauthorized, "UNAUTHORIZED", "Invalid API key") }
        return try await next(request, context)
    }
}
