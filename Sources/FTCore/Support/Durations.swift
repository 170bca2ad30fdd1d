import Foundation

/// Reads `90s`, `15m`, `2h`, `1d`, `250ms` or plain seconds, as the contract says.
public enum DurationText {
    /// The longest duration accepted anywhere: about 31 years. Longer ones read as not a duration,
    /// so no later arithmetic or conversion can overflow.
    public static let longest: Double = 1e9

    public static func seconds(_ text: String) -> Double? {
        guard let s = unchecked(text), s.isFinite, s <= longest else { return nil }
        return s
    }

    private static func unchecked(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count)), n.isFinite, n >= 0 else { return nil }
            return n * scale
        }
        guard let n = Double(t), n.isFinite, n >= 0 else { return nil }
        return n
    }

    /// The shortest of the accepted spellings that reads back as the same value.
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) <= longest else { return "\(seconds)s" }
        for (suffix, scale) in [("d", 86400.0), ("h", 3600.0), ("m", 60.0)] where seconds >= scale && seconds.truncatingRemainder(dividingBy: scale) == 0 {
            return "\(Int(seconds / scale))\(suffix)"
        }
        return seconds.rounded() == seconds ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
