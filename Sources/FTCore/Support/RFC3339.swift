import Foundation

/// Time stamps in and out: providers send Unix seconds or ISO 8601; ftctl prints RFC 3339 UTC.
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        CivilTime(date: date)?.text ?? date.formatted(Date.ISO8601FormatStyle())
    }

    public static func parse(_ text: String) -> Date? {
        if let whole = CivilTime(utc: text) { return whole.date }
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

/// A whole second in UTC as `YYYY-MM-DDTHH:MM:SSZ`, converted with integer arithmetic (days from
/// the civil date, H. Hinnant's algorithm). Foundation's ISO 8601 style gives the same text and
/// dates, but builds a Calendar whose time zone it looks up through ICU: megabytes of code and
/// data paged in by every command that prints or reads a time (Docs/BENCH.md). Anything else (a
/// fraction, an offset, a year before 1600, where Foundation's calendar turns Julian) is left
/// to Foundation.
struct CivilTime {
    let seconds: Int

    private static let range = -11_676_096_000..<253_402_300_800  // 1600-01-01 to 10000-01-01

    init?(date: Date) {
        let t = date.timeIntervalSince1970
        guard t.rounded(.down) == t, Double(Self.range.lowerBound) <= t, t < Double(Self.range.upperBound) else { return nil }
        seconds = Int(t)
    }

    init?(utc text: String) {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ at: Int, _ digits: Int) -> Int? {
            var n = 0
            for i in at..<(at + digits) {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              year >= 1600, (1...12).contains(month), day >= 1, day <= Self.daysIn(month, year),
              hour < 24, minute < 60, second < 60 else { return nil }
        seconds = Self.days(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    var text: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        let (y, m, d) = Self.civil(days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(inDay / 3_600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))Z"
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (year >= 1600, so no negative eras).
    private static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400, yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(_ daysSince1970: Int) -> (Int, Int, Int) {
        let z = daysSince1970 + 719_468
        let era = z / 146_097, dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
