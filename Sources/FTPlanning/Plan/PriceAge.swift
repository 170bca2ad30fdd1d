import Foundation

/// Warns when a catalog price is older than the limit, so a stale figure is never silent.
public enum PriceAge {
    public static let limitDays = 180

    /// The date a source refers to: "2026-10-07", "2026-10" (first of the month) or "2026" (1 January).
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "-").map(String.init)
        guard (1...3).contains(parts.count), let y = Int(parts[0]), (1900...9999).contains(y) else { return nil }
        var c = DateComponents()
        c.year = y
        c.month = parts.count > 1 ? Int(parts[1]) : 1
        c.day = parts.count > 2 ? Int(parts[2]) : 1
        guard let m = c.month, (1...12).contains(m), let d = c.day, (1...31).contains(d) else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.date(from: c)
    }

    /// Nil when the price is recent; otherwise one line naming the source and its age.
    public static func warning(_ what: String, _ source: SourceRef, now: Date) -> String? {
        guard let d = date(source.date) else {
            return "\(what): the source (\(source.url)) shows no date; check the current price"
        }
        let days = Int(now.timeIntervalSince(d) / 86_400)
        guard days > limitDays else { return nil }
        return "\(what) is dated \(source.date), \(days) days ago (over \(limitDays)): check \(source.url)"
    }
}
