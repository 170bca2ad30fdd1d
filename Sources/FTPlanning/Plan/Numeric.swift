import Foundation
import FTCore

/// Checked arithmetic and conversions that fail with an FTError instead of trapping.
enum Numeric {
    static func usage(_ why: String, hint: String? = nil) -> FTError {
        FTError(.usage, what: "estimate", why: why, hint: hint)
    }

    static func multiply(_ a: Int, _ b: Int, _ what: String) throws -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw usage("\(what) is too large to compute (\(a) × \(b))", hint: "Use smaller values.") }
        return r
    }

    /// A Double that is finite and representable as an Int, rounded to nearest; nil otherwise.
    static func int(_ d: Double) -> Int? {
        guard d.isFinite, d >= -9.0e18, d <= 9.0e18 else { return nil }
        return Int(d.rounded())
    }

    /// A finite Double as a Decimal with `places` decimals; nil when not finite or too large.
    static func decimal(_ d: Double, places: Int = 6) -> Decimal? {
        guard d.isFinite, abs(d) < 1e15 else { return nil }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        guard let units = int(d * scale) else { return nil }
        return Decimal(units) / pow(Decimal(10), places)
    }

    static func round(_ d: Decimal, places: Int) -> Decimal {
        var input = d
        var out = Decimal()
        NSDecimalRound(&out, &input, places, .plain)
        return out
    }

    /// GiB rounded to 0.01 for display; non-finite values become 0 (never reached with validated input).
    static func gib(_ d: Double) -> Double {
        guard d.isFinite else { return 0 }
        return (d * 100).rounded() / 100
    }
}
