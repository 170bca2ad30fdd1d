import FTCore
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// `--journal FILE`: every request that changes state (not GET or HEAD) is appended to FILE as
/// one JSON line `{method, path, query, content_type, body}`, the body as JSON when it is JSON. So
/// a test can read what the server really received, not what the client says it sent. Multipart
/// uploads are noted without their bytes. Lines are written whole (O_APPEND), one per request.
final class RequestJournal: Sendable {
    private let fd: Mutex<Int32>

    init?(path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        self.fd = Mutex(fd)
    }

    /// `upstream` marks a line for the call an emulated gateway made upstream in the request's
    /// place (PortkeyGateway), not one the client sent.
    func record(method: String, path: String, query: String, contentType: String?, body: Data?, upstream: String? = nil) {
        let parsed = body.flatMap { JSONValue.parse($0) }
        var entry = JSONValue.object(JSONObject([
            ("method", .string(method)), ("path", .string(path)), ("query", .string(query)),
            ("content_type", contentType.map(JSONValue.string) ?? .null),
            ("body", parsed ?? body.map { .string(String(decoding: $0.prefix(4096), as: UTF8.self)) } ?? .null),
        ]))
        if let upstream, case .object(var o) = entry {
            o["upstream"] = .string(upstream)
            entry = .object(o)
        }
        let line = Array((entry.serialized() + "\n").utf8)
        fd.withLock { fd in
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }
}

struct JournalMiddleware<Context: RequestContext>: RouterMiddleware {
    let journal: RequestJournal

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        let type = request.headers[.contentType]
        var request = request
        var body: Data?
        // Only small bodies are kept: a multipart upload is noted without its bytes.
        if !(type ?? "").hasPrefix("multipart/"), !(type ?? "").hasPrefix("application/octet-stream") {
            let buffer = try await request.collectBody(upTo: 4 << 20)
            body = buffer.readableBytes > 0 ? Data(buffer.readableBytesView) : nil
        }
        journal.record(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                       contentType: type, body: body)
        return try await next(request, context)
    }
}
