import Foundation
import Hummingbird
import NIOCore
import HTTPTypes

/// Routes for transport tests: echo, streaming byte counts, slow answers, statuses, redirects.
public enum EchoRoutes {
    /// Seconds the slow upload route waits after each chunk it reads.
    public static let slowReadPause = 0.06

    public static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.on("/echo", method: .get) { request, _ in try echo(request, body: nil) }
        router.on("/echo", method: .post) { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            return try echo(request, body: body)
        }
        router.on("/echo", method: .put) { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            return try echo(request, body: body)
        }
        router.on("/echo", method: .delete) { request, _ in try echo(request, body: nil) }
        // Counts a streamed body without keeping it: bytes and an FNV-1a hash of the content.
        router.post("/count") { request, _ -> Response in
            var count = 0
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for try await buffer in request.body {
                buffer.withUnsafeReadableBytes { raw in
                    for b in raw {
                        hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
                    }
                    count += raw.count
                }
            }
            return json(["bytes": count, "fnv": String(hash, radix: 16)])
        }
        router.get("/slow") { request, _ -> Response in
            let seconds = Double(request.uri.queryParameters["seconds"].map(String.init) ?? "5") ?? 5
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            return json(["slept": seconds])
        }
        router.get("/status/:code") { request, context -> Response in
            let code = Int(context.parameters.get("code") ?? "500") ?? 500
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("x-request-id")!] = "req_test_\(code)"
            if code == 429 || code == 503 { headers[.retryAfter] = "0" }
            let body = #"{"error":{"message":"status \#(code) from the test server","type":"test","param":null,"code":"e\#(code)"}}"#
            return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        // Always rate-limited, with the Retry-After the base URL names (`/ra/nan/v1`, percent-encoded).
        router.get("/ra/:value/v1/fine_tuning/jobs") { request, context -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            if let value = context.parameters.get("value")?.removingPercentEncoding, value != "none" { headers[.retryAfter] = value }
            let body = #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
            return Response(status: .tooManyRequests, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        // An upload read slowly: a chunk, then a pause, until the body is in; answered as OpenAI answers.
        router.post("/slow/v1/files") { request, _ -> Response in
            let pause = slowReadPause
            var bytes = 0
            for try await buffer in request.body {
                bytes += buffer.readableBytes
                try await Task.sleep(nanoseconds: UInt64(pause * 1e9))
            }
            return json(["id": "file-slow", "object": "file", "bytes": bytes, "created_at": 1721764800, "filename": "slow.jsonl",
                         "purpose": "fine-tune"])
        }
        router.get("/redirect") { _, _ -> Response in
            Response(status: .found, headers: [.location: "/echo?redirected=1"])
        }
        router.get("/download") { request, _ -> Response in
            let total = Int(request.uri.queryParameters["bytes"].map(String.init) ?? "0") ?? 0
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: ResponseBody(contentLength: total) { writer in
                var left = total
                while left > 0 {
                    let n = min(left, 64 * 1024)
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "x"), count: n))
                    left -= n
                }
                try await writer.finish(nil)
            })
        }
        return router
    }

    static func echo(_ request: Request, body: ByteBuffer?) throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var out: [String: Any] = [
            "method": request.method.rawValue,
            "path": request.uri.path,
            "query": request.uri.query ?? "",
            "headers": headers,
        ]
        if let body {
            out["body"] = String(buffer: body)
            out["body_bytes"] = body.readableBytes
        }
        return json(out)
    }

    public static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
