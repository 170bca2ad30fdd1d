import Foundation

/// The range a numeric job field accepts, with the sentence that tells a user what to pass.
/// NaN is in no range, so `--learning-rate nan` is refused like any other bad value.
public struct ValueRange: Sendable, Equatable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// `a...b` for whole numbers and closed intervals.
    public static func closed(_ a: Double, _ b: Double) -> ValueRange { ValueRange(lower: a, upper: b) }
    /// `a < x < b`.
    public static func open(_ a: Double, _ b: Double) -> ValueRange {
        ValueRange(lower: a, lowerInclusive: false, upper: b, upperInclusive: false)
    }

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    /// "1 to 50", "0 < x < 1", "0 <= x < 1", "x > 0".
    public var text: String {
        func n(_ d: Double) -> String {
            // 0.00001, not 1e-05: the range reads as the user would type it.
            if d != 0, abs(d) < 0.001 {
                var s = String(format: "%.12f", d)
                while s.hasSuffix("0") { s.removeLast() }
                return s
            }
            return JSONValue.format(d)
        }
        switch (lower, upper) {
        case let (l?, u?) where lowerInclusive && upperInclusive: return "\(n(l)) to \(n(u))"
        case let (l?, u?): return "\(n(l)) \(lowerInclusive ? "<=" : "<") x \(upperInclusive ? "<=" : "<") \(n(u))"
        case let (l?, nil): return "x \(lowerInclusive ? ">=" : ">") \(n(l))"
        case let (nil, u?): return "x \(upperInclusive ? "<=" : "<") \(n(u))"
        case (nil, nil): return "any number"
        }
    }
}
