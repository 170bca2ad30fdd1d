import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Injects faults into a seeded fraction of requests. Most are decided and served before any
/// handler runs, so they never change state; `lost-reply` and `partial` run the handler first (the
/// request takes effect) and then lose or cut its answer, the case that makes duplicates.
final class FaultInjector: Sendable {
    let spec: FaultSpec
    private let random: Mutex<SeededRandom>

    init(spec: FaultSpec, seed: UInt64) {
        self.spec = spec
        random = Mutex(SeededRandom(seed: seed))
    }

    /// The fault for the next request, if it gets one.
    func draw() -> FaultSpec.Kind? {
        random.withLock { random in
            let roll = random.unit()
            let pick = Int(random.next() % UInt64(spec.kinds.count))
            return roll < spec.rate ? spec.kinds[pick] : nil
        }
    }
}

struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    struct Broken: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let fault = injector.draw() else { return try await next(request, context) }
        switch fault {
        case .tooManyRequests:
            return Reply.openAIError(.tooManyRequests, "Rate limit reached (injected by the sandbox). Please try again in 1s.",
                                     type: "rate_limit_error", code: "rate_limit_exceeded").with(header: .retryAfter, "1")
        case .serverError:
            return Reply.openAIError(.internalServerError, "The server had an error (injected by the sandbox).", type: "server_error")
        case .unavailable:
            return Reply.openAIError(.serviceUnavailable, "The service is overloaded (injected by the sandbox).", type: "server_error")
                .with(header: .retryAfter, "1")
        case .slow:
            try await Task.sleep(nanoseconds: 1_500_000_000)
            return try await next(request, context)
        case .lostReply:
            // The job is made, the file stored: then the connection drops before the answer.
            _ = try await next(request, context)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 256) { _ in throw Broken() })
        case .partial:
            // The request takes effect and its answer arrives complete as HTTP, but cut in half.
            let response = try await next(request, context)
            let collector = BodyCollector()
            try await response.body.write(collector)
            var cut = collector.buffer
            cut.moveWriterIndex(to: cut.readerIndex + cut.readableBytes / 2)
            var headers = response.headers
            headers[.contentLength] = nil
            return Response(status: response.status, headers: headers, body: ResponseBody(byteBuffer: cut))
        case .reset, .truncate:
            // A promised body that never arrives whole: the connection closes mid-response.
            let partial = fault == .truncate ? "{\"object\":\"list\",\"da" : ""
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 256) { writer in
                                if !partial.isEmpty { try await writer.write(ByteBuffer(string: partial)) }
                                throw Broken()
                            })
        }
    }
}

/// Gathers a response body written by a handler, so a fault can cut it.
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension Response {
    func with(header name: HTTPField.Name, _ value: String) -> Response {
        var r = self
        r.headers[name] = value
        return r
    }
}
