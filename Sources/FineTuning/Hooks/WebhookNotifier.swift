import FTCore
import Foundation

/// `--notify URL`: POSTs an event as JSON (Slack-compatible `text`, and the facts) to a webhook.
/// A 5xx, a 429 or a refused connection is retried with backoff, since the message was surely not
/// taken; a timeout or a lost answer is not, since it may have been. The URL's path and query are
/// treated as secret (a Slack or ntfy URL is its own credential): only its origin is ever shown.
public struct WebhookNotifier: Sendable {
    public let url: String
    public let transport: any HTTPTransport
    public var tries = 5
    public var sleep: @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }

    public init(url: String, transport: any HTTPTransport) {
        self.url = url
        self.transport = transport
    }

    /// `https://hooks.slack.com/…`: what output may say of the URL.
    public static func display(_ url: String) -> String {
        guard let c = URLComponents(string: url), let scheme = c.scheme, let host = c.host else { return "the webhook" }
        return "\(scheme)://\(host)\(c.port.map { ":\($0)" } ?? "")/…"
    }

    /// Whether the URL is one this can post to.
    public static func isUsable(_ url: String) -> Bool {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), c.host?.isEmpty == false else { return false }
        return scheme == "https" || scheme == "http"
    }

    /// The HTTP status of the answer that ended it; throws the last failure once the tries are used.
    public func send(_ event: HookEvent) async throws -> Int {
        var request = HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"],
                                  body: .json(event.json), operation: "notify \(Self.display(url))")
        request.retry = .unsafe
        request.timeout = .seconds(15)
        var attempt = 0
        while true {
            attempt += 1
            var failure: FTError
            do {
                let response = try await transport.send(request)
                if response.isSuccess { return response.status }
                failure = FTError(.unavailable, what: request.operation, why: "HTTP \(response.status)", httpStatus: response.status)
                guard response.status >= 500 || response.status == 429 else { throw failure }
            } catch let e as FTError {
                guard e.neverSent || e.httpStatus.map({ $0 >= 500 || $0 == 429 }) == true else { throw e }
                failure = e
            }
            guard attempt < tries else { throw failure }
            try await sleep(0.5 * pow(2, Double(attempt - 1)))
        }
    }
}
