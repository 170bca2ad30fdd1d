import Foundation

/// The client facade: a provider (what to send) over a transport wrapped in middlewares (how to
/// send it). Turns non-2xx answers into `FTError` with the provider's own sentence.
public struct FTClient: Sendable {
    public let provider: any FineTuningProvider
    public let transport: any HTTPTransport
    /// Headers every request gets unless it sets them itself: user `-H` headers, auth, user agent.
    public let defaultHeaders: HTTPHeaders
    /// `--max-retries`: services that retry on their own (`JobCreator`) use the same budget.
    public let maxRetries: Int

    /// `transport` is the bare wire; the standard middlewares are put in front of it here.
    public init(provider: any FineTuningProvider, transport: any HTTPTransport, apiKey: String?,
                extraHeaders: HTTPHeaders = [:], maxRetries: Int = 2,
                trace: TraceMiddleware? = nil, retrySleep: (@Sendable (Double) async throws -> Void)? = nil) {
        self.provider = provider
        self.maxRetries = max(0, maxRetries)
        var headers = extraHeaders
        if let apiKey {
            // Auth wins over a same-named -H header: a stray header must not replace the key silently.
            for (n, v) in provider.authHeaders(apiKey: apiKey) { headers[n] = v }
        }
        if !headers.contains("User-Agent") { headers["User-Agent"] = UserAgent.value }
        self.defaultHeaders = headers
        var middlewares: [any ClientMiddleware] = [
            RequestIDMiddleware(),
            HeadersMiddleware(headers),
        ]
        // Each retry is told to the trace, which then shows the next attempt itself.
        let onRetry: @Sendable (RetryMiddleware.Note) -> Void = { note in trace?.note(note.line) }
        if let retrySleep {
            middlewares.append(RetryMiddleware(maxRetries: maxRetries, sleep: retrySleep, onRetry: onRetry))
        } else {
            middlewares.append(RetryMiddleware(maxRetries: maxRetries, onRetry: onRetry))
        }
        // Tracing sits innermost so every retry shows.
        if let trace { middlewares.append(trace) }
        self.transport = MiddlewareTransport(transport, middlewares: middlewares)
    }

    /// The request as it would go out (for --dry-run): with every default header applied.
    public func preview(_ request: HTTPRequest) -> HTTPRequest {
        var r = request
        for (name, value) in defaultHeaders where !r.headers.contains(name) { r.headers.add(name, value) }
        return r
    }

    /// Sends one endpoint and decodes its answer.
    public func send<T>(_ endpoint: Endpoint<T>) async throws -> T {
        let request = endpoint.request
        // An id given as '', '.' or '..' leaves an unusable path segment: `GET /fine_tuning/jobs/`
        // (or `/jobs/.`, which libcurl shortens to it) is the list, which would be read as one job,
        // and `POST /jobs//cancel` reaches who knows what. Refused before anything is sent, for every
        // provider and operation at once. Signed URLs a server handed out (sent without
        // credentials) are the server's to shape.
        if request.sendsCredentials, let path = request.pathWithUnusableSegment {
            throw FTError(.usage, what: request.operation, why: "the request path \(path) has an empty, '.' or '..' segment",
                          hint: "An id cannot be empty, '.' or '..'; check the arguments.")
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as FTError {
            throw error.during(request.operation)
        } catch is CancellationError {
            throw FTError(.cancelled, what: request.operation, why: "cancelled")
        }
        let redirectIsTheAnswer = !request.followsRedirects && (300..<400).contains(response.status)
        guard response.isSuccess || redirectIsTheAnswer else { throw statusError(response, operation: request.operation) }
        do {
            return try endpoint.decode(response)
        } catch let error as FTError {
            throw error.during(request.operation)
        } catch {
            throw FTError(.badResponse, what: request.operation,
                          why: "\(provider.id) sent a response ftctl could not read (\(error))",
                          hint: "Look at the raw response.", setting: .rawOutput, httpStatus: response.status, cause: "\(error)")
        }
    }

    /// Maps a non-2xx answer to the error kind the CLI turns into an exit code.
    public func statusError(_ response: HTTPResponse, operation: String) -> FTError {
        let s = response.status
        let said = provider.errorMessage(response).map { Self.shorten($0) } ?? (HostileBody.isHTML(response) ? HostileBody.htmlSentence : nil)
        let why = said.map { "\($0) (HTTP \(s))" } ?? "HTTP \(s)"
        let (code, hint): (FTError.Code, String?) = switch s {
        case 401: (.auth, "Check the API key: FTCTL_API_KEY, \(provider.id.keyEnvironmentVariable) or the profile's api_key.")
        case 403: (.auth, "The key lacks permission for this operation.")
        case 404: (.notFound, "Check the id, the provider and its base URL.")
        case 405, 501: (.unsupported, "\(provider.id) does not offer this operation here.")
        case 408: (.timeout, "Try again, or raise the timeout.")
        case 429: (.unavailable, "Rate limited: wait and retry, or allow more retries.")
        case 500...599: (.unavailable, "The service is failing; try again later.")
        default: (.httpStatus, nil)
        }
        return FTError(code, what: operation, why: why, hint: hint, httpStatus: s,
                       responseBody: String(decoding: response.body.prefix(4096), as: UTF8.self),
                       requestID: response.requestID, retryAfter: RetryMiddleware.retryAfter(response.headers))
    }

    static func shorten(_ text: String, limit: Int = 400) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count > limit ? String(oneLine.prefix(limit)) + "…" : oneLine
    }

    // MARK: Walking pages

    /// Up to `limit` jobs, following cursors or offsets; nil walks every page. Stops early if a
    /// server repeats a page, which would otherwise loop forever.
    public func jobs(_ query: JobQuery, limit: Int?, pageSize: Int = 100) async throws -> [Job] {
        var q = query
        q.limit = min(limit ?? pageSize, pageSize)
        var out: [Job] = []
        var seen = Set<String>()
        while limit.map({ out.count < $0 }) ?? true {
            let page = try await send(try provider.listJobs(q))
            let fresh = page.items.filter { seen.insert($0.id).inserted }
            out += fresh
            guard page.hasMore, let next = page.next, !fresh.isEmpty else { break }
            q.page = next
            if let limit { q.limit = min(limit - out.count, pageSize) }
        }
        return limit.map { Array(out.prefix($0)) } ?? out
    }
}
