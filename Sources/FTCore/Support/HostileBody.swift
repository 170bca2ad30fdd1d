import Foundation

/// Names what is wrong with an answer that is not the API's JSON, in a sentence a user can act on:
/// an HTML page (a proxy's error page, a login wall, a wrong base URL), or JSON nested too deep.
public enum HostileBody {
    public static let htmlSentence = "the server answered with an HTML page (a proxy or a wrong --base-url?)"

    public static func isHTML(_ response: HTTPResponse) -> Bool {
        if response.headers["content-type"]?.lowercased().containsLiteral("text/html") == true { return true }
        let start = response.body.prefix(64).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        let head = String(decoding: start.prefix(15), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<head") || head.hasPrefix("<body")
    }

    /// Why the body cannot be read as JSON, when the reason is one of these; nil otherwise.
    public static func problem(_ response: HTTPResponse) -> String? {
        if isHTML(response) { return htmlSentence + " (HTTP \(response.status))" }
        if JSONDepth.max(response.body) > JSONDepth.limit {
            return "the response nests deeper than \(JSONDepth.limit) levels, which no provider's API does"
        }
        return nil
    }
}

/// The deepest nesting of arrays and objects in JSON text, found without recursion (strings and
/// their escapes skipped), so the check itself cannot overflow on any input.
public enum JSONDepth {
    public static let limit = 128

    public static func max(_ data: Data) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for b in data {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > deepest { deepest = depth }
            case 0x5D, 0x7D: depth = Swift.max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }
}
