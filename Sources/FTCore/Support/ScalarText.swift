/// What Foundation's `trimmingCharacters(in: .whitespaces / .newlines)` and one-character
/// `replacingOccurrences` give, over Unicode scalars with the standard library alone. Every request
/// and job goes through these; Foundation's versions run NSString and CoreFoundation code, whose
/// pages (and CoreFoundation's Unicode tables) a command otherwise need not touch (Docs/BENCH.md).
extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)`: tab and Unicode's space separators (Zs) at both ends.
    public func trimmingWhitespace() -> String {
        trimmingScalars { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// `trimmingCharacters(in: .newlines)`: U+000A to U+000D, U+0085, U+2028 and U+2029 at both ends.
    public func trimmingNewlines() -> String {
        trimmingScalars { ("\u{0A}"..."\u{0D}").contains($0) || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }

    public func trimmingScalars(where trimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trimmed($0) }),
              let last = scalars.lastIndex(where: { !trimmed($0) }) else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}

extension String {
    /// Every `old` replaced by `new`: `replacingOccurrences(of: String(old), with: String(new))`.
    public func replacingEvery(_ old: Unicode.Scalar, with new: Unicode.Scalar) -> String {
        guard unicodeScalars.contains(old) else { return self }
        var out = String.UnicodeScalarView()
        for s in unicodeScalars { out.append(s == old ? new : s) }
        return String(out)
    }
}

extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in this text: a literal search, where Foundation's
    /// `contains` goes through NSString.
    public func containsLiteral(_ needle: String) -> Bool {
        let hay = Array(utf8), pin = Array(needle.utf8)
        guard !pin.isEmpty else { return true }
        guard hay.count >= pin.count else { return false }
        return (0...(hay.count - pin.count)).contains { hay[$0..<($0 + pin.count)].elementsEqual(pin) }
    }
}
