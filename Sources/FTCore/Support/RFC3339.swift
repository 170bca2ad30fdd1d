import Foundation

/// Time stamps in and out: providers send Unix seconds or ISO 8601; ftctl prints RFC 3339 UTC.
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    public static func parse(_ text: String) -> Date? {
        if let d = try? Date(text, strategy: .iso8601) { return d }
        if let d = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return d }
        // A time stamp without a zone is taken as UTC, as the platform API sends them.
        if !text.hasSuffix("Z"), !text.contains("+"), let d = parse(text + "Z") { return d }
        return nil
    }

    /// Reads a provider's time field: Unix seconds (number or numeric string) or ISO 8601 text.
    public static func date(from value: JSONValue?) -> Date? {
        switch value {
        case .int(let i): return Date(timeIntervalSince1970: TimeInterval(i))
        case .double(let d) where d.isFinite: return Date(timeIntervalSince1970: d)
        case .string(let s): return Double(s).map { Date(timeIntervalSince1970: $0) } ?? parse(s)
        default: return nil
        }
    }
}
