import Foundation

/// `--verbose`: each request and response on stderr, curl-style, with every secret masked.
public struct TraceMiddleware: ClientMiddleware {
    public let secrets: SecretBook
    public let write: @Sendable (String) -> Void
    /// How much of a body to show.
    public let bodyLimit: Int

    public init(secrets: SecretBook, bodyLimit: Int = 2048, write: @escaping @Sendable (String) -> Void) {
        self.secrets = secrets
        self.write = write
        self.bodyLimit = bodyLimit
    }

    public func intercept(_ request: HTTPRequest,
                          next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        // Read now, not when the middleware was made: secrets may have been learned since.
        let redactor = secrets.redactor
        var lines = ["> \(request.method) \(redactor.redact(request.url))"]
        for (n, v) in redactor.redact(headers: request.headers) { lines.append("> \(n): \(v)") }
        lines.append(">")
        if let body = redactor.show(body: request.body) { lines.append(clip(body, bytes: request.body.contentLength)) }
        write(lines.joined(separator: "\n"))
        let started = Date()
        do {
            let response = try await next(request)
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            var out = ["< \(response.status) (\(ms) ms)"]
            for (n, v) in redactor.redact(headers: response.headers) { out.append("< \(n): \(v)") }
            out.append("<")
            if !response.body.isEmpty { out.append(clip(redactor.show(response.body), bytes: Int64(response.body.count))) }
            write(out.joined(separator: "\n"))
            return response
        } catch let error as FTError {
            write("* \(redactor.redact(error: error).description)")
            throw error
        }
    }

    /// A line of ours (a retry about to happen), masked as everything else.
    public func note(_ line: String) {
        write(secrets.redactor.redact(line))
    }

    private func clip(_ text: String, bytes: Int64) -> String {
        text.count > bodyLimit ? String(text.prefix(bodyLimit)) + "… [\(bytes) bytes]" : text
    }
}
