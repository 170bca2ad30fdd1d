import FTCore
import Foundation

/// Joins a base URL, a path and query items, percent-encoding what needs it.
struct URLBuilder: Sendable {
    let root: String

    /// `root` is the base URL with `suffix` appended unless it already ends with it.
    init(base: String, suffix: String = "") {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        if !suffix.isEmpty && !b.hasSuffix(suffix) { b += suffix }
        root = b
    }

    func url(_ path: String, _ query: [(String, String?)] = []) -> String {
        var out = root + path
        let items = query.compactMap { k, v in v.map { "\(Self.encode(k))=\(Self.encode($0))" } }
        if !items.isEmpty { out += "?" + items.joined(separator: "&") }
        return out
    }

    /// A JSON API request: `Accept: application/json`, and the body as JSON when there is one.
    func request(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil, operation: String) -> HTTPRequest {
        var r = HTTPRequest(method: method, url: url(path, query), operation: operation)
        if let body {
            r.body = .json(body)
            r.headers["Content-Type"] = "application/json"
        }
        r.headers["Accept"] = "application/json"
        return r
    }

    /// A path segment from user input (an id), so `../` or `?` cannot change the request.
    static func segment(_ s: String) -> String { encode(s) }

    /// A segment that may already be percent-encoded: `%XX` escapes are kept as they are (never
    /// encoded twice), anything else that could change the request is encoded.
    static func segmentKeepingEscapes(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let c = rest.first {
            let two = rest.dropFirst().prefix(2)
            if c == "%", two.count == 2, two.allSatisfy(\.isHexDigit) {
                out += "%" + two
                rest = rest.dropFirst(3)
            } else {
                out += encode(String(c))
                rest = rest.dropFirst()
            }
        }
        return out
    }

    private static let allowed: CharacterSet = {
        var c = CharacterSet.alphanumerics
        c.insert(charactersIn: "-._~")
        return c
    }()

    /// Ids and query values are nearly always plain ASCII that needs no escape: those skip
    /// Foundation's encoder (NSString and CoreFoundation code a run otherwise need not touch).
    static func encode(_ s: String) -> String {
        if s.utf8.allSatisfy(isUnreserved) { return s }
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// RFC 3986's unreserved characters: ASCII letters, digits and `-._~`, all in `allowed`.
    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}

/// Helpers for reading lenient JSON into the normalized models.
extension JSONValue {
    /// Reads a body that must be JSON, failing with `badResponse` when it is not.
    static func body(_ response: HTTPResponse, _ what: String) throws -> JSONValue {
        if let problem = HostileBody.problem(response) {
            throw FTError(.badResponse, what: what, why: problem,
                          hint: "Check the base URL: it may point at something that is not the provider's API.", setting: .baseURL)
        }
        guard let json = JSONValue.parse(response.body) else {
            throw FTError(.badResponse, what: what, why: "the response is not JSON (HTTP \(response.status), \(response.body.count) bytes)",
                          hint: "Check the base URL: it may point at something that is not the provider's API.", setting: .baseURL)
        }
        return json
    }
}
