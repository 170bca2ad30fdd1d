import FTCore
import Foundation

/// Which redirects ftctl follows: only to the same origin (scheme, host and port). libcurl drops
/// `Authorization` when a redirect changes host, but it forwards every other header it was given,
/// and providers put keys in `X-API-Key` and `x-portkey-api-key`; so a redirect elsewhere (or from
/// https down to http) is refused with a sentence, and credentials never leave for another host.
enum Redirect {
    /// The request to send next, nil when `response` is not a redirect; throws for another origin.
    static func next(after response: HTTPResponse, of request: HTTPRequest) throws -> HTTPRequest? {
        guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"],
              !location.isEmpty else { return nil }
        guard let target = URL(string: location, relativeTo: URL(string: request.url))?.absoluteURL.absoluteString,
              let to = origin(target) else {
            throw FTError(.badResponse, what: request.operation, why: "the server redirected to an unreadable location",
                          hint: "Check the base URL.", setting: .baseURL)
        }
        guard let from = origin(request.url), from == to else {
            throw FTError(.network, what: request.operation,
                          why: "the server redirected to another host (\(to)); ftctl does not follow it, so your credentials are not sent there",
                          hint: "If that is the API's address, use it as the base URL.", setting: .baseURL)
        }
        var next = request
        next.url = target
        // As browsers and curl do: 303, and 301/302 after a POST, become a GET without a body.
        if response.status == 303 || ([301, 302].contains(response.status) && request.method == .post) {
            next.method = .get
            next.body = .empty
            next.headers.remove("Content-Type")
        }
        return next
    }

    /// `scheme://host:port`, with the scheme's default port filled in; nil for a URL without a host.
    static func origin(_ url: String) -> String? {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), let host = c.host?.lowercased(), !host.isEmpty else {
            return nil
        }
        let port = c.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }
}
