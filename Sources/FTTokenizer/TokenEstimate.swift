/// A token count for when no rank file is at hand (a dry run, or a family whose file the user
/// never fetched). It runs the family's real pre-tokenizer, which needs no vocabulary, and
/// guesses tokens per piece: short ASCII words are one token, longer ones about one per four
/// letters, and non-ASCII scalars cost a per-script, per-family weight measured on real text.
/// `estimateErrorBound` is the largest relative error the tests allow on a set of realistic
/// paragraphs (prose, chat, code, JSON, fifteen scripts). The weights were fitted on those same
/// paragraphs (worst measured error 0.20), so treat it as a guide for message-sized text; single
/// short strings and scripts not in the set can be further off.
public enum TokenEstimate {
    /// Largest |estimate − exact| / exact on each test paragraph, for every family.
    public static let estimateErrorBound = 0.25

    /// Tokens per non-ASCII scalar, by script block, fitted per family on the test paragraphs.
    struct Weights {
        var latin: Double, greek: Double, cyrillic: Double, hebrew: Double, arabic: Double
        var devanagari: Double, otherIndic: Double, southeastAsian: Double, cjk: Double, symbol: Double
    }

    static func weights(_ encoding: Encoding) -> Weights {
        switch encoding {
        case .cl100kBase:
            Weights(latin: 1.06, greek: 1.02, cyrillic: 0.34, hebrew: 0.82, arabic: 0.73,
                    devanagari: 1.10, otherIndic: 1.34, southeastAsian: 0.80, cjk: 1.01, symbol: 2.8)
        case .o200kBase:
            Weights(latin: 0.05, greek: 0.36, cyrillic: 0.24, hebrew: 0.24, arabic: 0.22,
                    devanagari: 0.19, otherIndic: 0.28, southeastAsian: 0.39, cjk: 0.59, symbol: 0.86)
        case .llama3:
            Weights(latin: 0.20, greek: 0.38, cyrillic: 0.27, hebrew: 0.86, arabic: 0.32,
                    devanagari: 0.45, otherIndic: 1.43, southeastAsian: 0.51, cjk: 0.62, symbol: 1.67)
        case .qwen2:
            Weights(latin: 0.11, greek: 1.04, cyrillic: 0.34, hebrew: 0.26, arabic: 0.32,
                    devanagari: 0.94, otherIndic: 1.00, southeastAsian: 0.59, cjk: 0.55, symbol: 1.71)
        }
    }

    /// The estimated token count of `text` under `encoding` (NFC first where the family wants it).
    public static func estimate(_ text: String, encoding: Encoding) -> Int {
        let input = encoding.normalizesNFC ? Normalization.nfc(text) : text
        let weights = weights(encoding)
        let preTokenizer = PreTokenizer(kind: encoding.patternKind)
        return withUTF8(input) { bytes, count -> Int in
            var total = 0.0
            preTokenizer.forEachPiece(bytes, count) { start, end in
                total += pieceEstimate(bytes + start, end - start, weights)
            }
            return Int(total.rounded())
        }
    }

    /// The estimated tokens of one chat example (the template overhead is exact; see ChatTemplate).
    public static func estimateChat(_ messages: [ChatMessage], encoding: Encoding) -> ChatTokenCount {
        ChatTemplate.count(messages, encoding: encoding) { estimate($0, encoding: encoding) }
    }

    private static func pieceEstimate(_ piece: UnsafePointer<UInt8>, _ length: Int, _ weights: Weights) -> Double {
        var asciiLetters = 0
        var asciiOther = 0
        var nonASCII = 0.0
        var hasNonASCII = false
        var i = 0
        while i < length {
            let b = piece[i]
            if b < 0x80 {
                if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { asciiLetters += 1 } else { asciiOther += 1 }
                i += 1
                continue
            }
            hasNonASCII = true
            let (value, size) = decode(piece, length, i)
            nonASCII += weight(value, weights)
            i += size
        }
        if !hasNonASCII {
            // Words up to 8 bytes (with their leading space) are nearly always one token.
            if asciiLetters > 0 { return max(1, 1 + Double(length - 8) * 0.25) }
            if asciiOther <= 2 { return 1 }
            // Digit groups, punctuation and space runs: about a token per two bytes.
            return max(1, Double(length) * 0.5)
        }
        return max(1, nonASCII + Double(asciiLetters) * 0.25 + Double(asciiOther) * 0.3)
    }

    private static func weight(_ value: UInt32, _ weights: Weights) -> Double {
        switch value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x1100...0x11FF,
             0x3130...0x318F, 0x20000...0x3FFFF: weights.cjk
        case 0x370..<0x400: weights.greek
        case 0x400..<0x530: weights.cyrillic
        case 0x80..<0x530, 0x1D00..<0x2000: weights.latin
        case 0x530..<0x600: weights.hebrew
        case 0x600..<0x900: weights.arabic
        case 0x900..<0x980: weights.devanagari
        case 0x980..<0xE00: weights.otherIndic
        case 0xE00..<0x1D00: weights.southeastAsian
        default: weights.symbol
        }
    }

    private static func decode(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        let size = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        guard i + size <= count else { return (0xFFFD, count - i) }
        var value = b0 & (size == 2 ? 0x1F : size == 3 ? 0x0F : 0x07)
        for k in 1..<size { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (value, size)
    }
}
