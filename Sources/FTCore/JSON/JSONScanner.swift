/// A byte-level JSON parser, made for dataset lines and used for every JSON document ftctl reads
/// (`JSONValue.parse`).
///
/// It validates the whole line against the JSON grammar (RFC 8259) and UTF-8 inside strings, and
/// records every value in a flat "tape" of `JSONNode`s in document order, without building any
/// Swift object: strings are byte ranges into the line, decoded only when a check or the token
/// counter asks for them. Containers record the index of the node after their subtree, so a
/// caller skips a whole subtree in one step. Nesting deeper than `maxDepth` is refused before the
/// parser recurses further, so no input can exhaust the stack.
///
/// Non-standard numbers (`NaN`, `Infinity`, `-Infinity`, which Python's json accepts) are refused
/// with their own error.

/// One value of a parsed line.
package struct JSONNode: Sendable {
    package enum Kind: UInt8, Sendable {
        case object, array, string, number, trueValue, falseValue, null
    }
    package var kind: Kind
    /// A string with backslash escapes: decode it before comparing its bytes.
    package var escaped: Bool
    /// Strings: first byte after the opening quote. Numbers: first byte. Containers: the bracket.
    package var start: Int
    /// Strings: the closing quote. Numbers and containers: one past the last byte.
    package var end: Int
    /// The index of the node after this one's subtree (index + 1 for scalars).
    package var next: Int
}

package enum JSONScanError: Error, Sendable {
    case syntax(offset: Int, expected: String)
    case invalidUTF8(offset: Int)
    case nonStandardNumber(offset: Int)
    case tooDeep(limit: Int)
}

private enum Byte {
    static let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, slash: UInt8 = 0x2F
    static let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
    static let comma: UInt8 = 0x2C, colon: UInt8 = 0x3A, minus: UInt8 = 0x2D, plus: UInt8 = 0x2B
    static let dot: UInt8 = 0x2E, zero: UInt8 = 0x30, nine: UInt8 = 0x39
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
}

package struct JSONScanner {
    private let p: UnsafePointer<UInt8>
    private let n: Int
    private var i = 0
    private let maxDepth: Int
    /// The tape; reused across lines by `parse(_:into:maxDepth:)`.
    package private(set) var nodes: [JSONNode]

    private init(_ bytes: UnsafePointer<UInt8>, count: Int, nodes: [JSONNode], maxDepth: Int) {
        self.p = bytes
        self.n = count
        self.nodes = nodes
        self.maxDepth = maxDepth
    }

    /// Parses one line. On return `nodes` holds the tape (emptied first, capacity kept); on
    /// failure its content is unspecified.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into nodes: inout [JSONNode],
                      maxDepth: Int) -> JSONScanError? {
        nodes.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return .syntax(offset: 0, expected: "a JSON value")
        }
        var scanner = JSONScanner(base, count: bytes.count, nodes: nodes, maxDepth: maxDepth)
        nodes = []  // hand the storage to the scanner without a copy
        let error: JSONScanError?
        do {
            try scanner.document()
            error = nil
        } catch let e {
            error = e
        }
        nodes = scanner.nodes
        return error
    }

    private mutating func document() throws(JSONScanError) {
        skipWhitespace()
        try value(depth: 0)
        skipWhitespace()
        if i != n { throw .syntax(offset: i, expected: "the end of the line after the first value (one JSON value per line)") }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while i < n {
            let c = p[i]
            guard c == Byte.space || c == Byte.tab || c == Byte.lf || c == Byte.cr else { return }
            i += 1
        }
    }

    private mutating func value(depth: Int) throws(JSONScanError) {
        guard i < n else { throw .syntax(offset: i, expected: "a value") }
        switch p[i] {
        case Byte.openBrace: try object(depth: depth + 1)
        case Byte.openBracket: try array(depth: depth + 1)
        case Byte.quote: try string()
        case Byte.minus, Byte.zero...Byte.nine: try number()
        case UInt8(ascii: "t"): try literal("true", .trueValue)
        case UInt8(ascii: "f"): try literal("false", .falseValue)
        case UInt8(ascii: "n"): try literal("null", .null)
        case UInt8(ascii: "N"), UInt8(ascii: "I"): throw .nonStandardNumber(offset: i)
        default: throw .syntax(offset: i, expected: "a value")
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONNode.Kind) throws(JSONScanError) {
        let count = word.utf8CodeUnitCount
        guard n - i >= count else { throw .syntax(offset: i, expected: "a value") }
        let w = word.utf8Start
        for k in 0..<count where p[i + k] != w[k] { throw .syntax(offset: i + k, expected: "a value") }
        nodes.append(JSONNode(kind: kind, escaped: false, start: i, end: i + count, next: nodes.count + 1))
        i += count
    }

    private mutating func object(depth: Int) throws(JSONScanError) {
        guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
        let index = nodes.count
        nodes.append(JSONNode(kind: .object, escaped: false, start: i, end: i, next: index + 1))
        i += 1
        skipWhitespace()
        if i < n, p[i] == Byte.closeBrace {
            i += 1
        } else {
            while true {
                skipWhitespace()
                guard i < n, p[i] == Byte.quote else { throw .syntax(offset: i, expected: "a key in double quotes") }
                try string()
                skipWhitespace()
                guard i < n, p[i] == Byte.colon else { throw .syntax(offset: i, expected: "':' after the key") }
                i += 1
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                guard i < n else { throw .syntax(offset: i, expected: "',' or '}'") }
                if p[i] == Byte.comma { i += 1; continue }
                if p[i] == Byte.closeBrace { i += 1; break }
                throw .syntax(offset: i, expected: "',' or '}'")
            }
        }
        nodes[index].end = i
        nodes[index].next = nodes.count
    }

    private mutating func array(depth: Int) throws(JSONScanError) {
        guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
        let index = nodes.count
        nodes.append(JSONNode(kind: .array, escaped: false, start: i, end: i, next: index + 1))
        i += 1
        skipWhitespace()
        if i < n, p[i] == Byte.closeBracket {
            i += 1
        } else {
            while true {
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                guard i < n else { throw .syntax(offset: i, expected: "',' or ']'") }
                if p[i] == Byte.comma { i += 1; continue }
                if p[i] == Byte.closeBracket { i += 1; break }
                throw .syntax(offset: i, expected: "',' or ']'")
            }
        }
        nodes[index].end = i
        nodes[index].next = nodes.count
    }

    /// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private mutating func number() throws(JSONScanError) {
        let start = i
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= Byte.zero && c <= Byte.nine }
        if p[i] == Byte.minus {
            i += 1
            if i < n, p[i] == UInt8(ascii: "I") { throw .nonStandardNumber(offset: start) }
        }
        guard i < n, isDigit(p[i]) else { throw .syntax(offset: i, expected: "a digit") }
        if p[i] == Byte.zero {
            i += 1
        } else {
            while i < n, isDigit(p[i]) { i += 1 }
        }
        if i < n, p[i] == Byte.dot {
            i += 1
            guard i < n, isDigit(p[i]) else { throw .syntax(offset: i, expected: "a digit after '.'") }
            while i < n, isDigit(p[i]) { i += 1 }
        }
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, p[i] == Byte.plus || p[i] == Byte.minus { i += 1 }
            guard i < n, isDigit(p[i]) else { throw .syntax(offset: i, expected: "a digit in the exponent") }
            while i < n, isDigit(p[i]) { i += 1 }
        }
        nodes.append(JSONNode(kind: .number, escaped: false, start: start, end: i, next: nodes.count + 1))
    }

    /// The bytes of `w` that need a closer look in a string: quote, backslash, control characters
    /// and non-ASCII. The lowest set bit marks the first such byte exactly (the borrow tricks only
    /// give false positives above a true one).
    @inline(__always)
    private static func specialMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        let hasQuote = (q &- ones) & ~q
        let hasBackslash = (b &- ones) & ~b
        let hasControl = (w &- (ones &* 0x20)) & ~w
        return ((hasQuote | hasBackslash | hasControl) & highs) | (w & highs)
    }

    /// Scans a string's body from `i` to its closing quote, eight plain bytes at a time; on a
    /// special byte it jumps straight to it.
    private mutating func string() throws(JSONScanError) {
        i += 1  // the opening quote
        let start = i
        var escaped = false
        let p = self.p, n = self.n
        // Locals, not static lets: a static's lazy initialisation check would sit in the loop.
        let quotes = SIMD16<UInt8>(repeating: Byte.quote), backslashes = SIMD16<UInt8>(repeating: Byte.backslash)
        let spaces = SIMD16<UInt8>(repeating: Byte.space), highs = SIMD16<UInt8>(repeating: 0x80)
        let zeros = SIMD16<UInt8>(repeating: 0)
        var j = i
        while true {
            // Sixteen bytes at a time (SSE2/NEON compares): the block's special bytes become 0xFF,
            // and the lowest non-zero byte of its two words is the first one. Swift's `any()`
            // lowers to a slow reduction, so the words are tested instead.
            var located = false
            while n &- j >= 16 {
                let v = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD16<UInt8>.self)
                let special = (v .== quotes) .| (v .== backslashes) .| (v .< spaces) .| (v .>= highs)
                let words = unsafeBitCast(zeros.replacing(with: 0xFF, where: special), to: SIMD2<UInt64>.self)
                let low = UInt64(littleEndian: words[0]), high = UInt64(littleEndian: words[1])  // lane k: byte k % 8
                if low | high != 0 {
                    j &+= low != 0 ? low.trailingZeroBitCount &>> 3 : 8 &+ (high.trailingZeroBitCount &>> 3)
                    located = true
                    break
                }
                j &+= 16
            }
            while !located, n &- j >= 8 {
                let m = JSONScanner.specialMask(UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)))
                if m != 0 {
                    j &+= m.trailingZeroBitCount &>> 3
                    break
                }
                j &+= 8
            }
            guard j < n else { i = j; throw .syntax(offset: j, expected: "a closing quote") }
            let c = p[j]
            if c == Byte.quote { break }
            if c == Byte.backslash {
                escaped = true
                // The one-letter escapes inline; \u and bad escapes in escape().
                if n &- j >= 2, JSONScanner.isSimpleEscape(p[j &+ 1]) {
                    j &+= 2
                } else {
                    i = j
                    try escape()
                    j = i
                }
            } else if c < 0x20 {
                throw .syntax(offset: j, expected: "no raw control character in a string (escape it)")
            } else if c >= 0x80 {
                // A run of non-ASCII characters (a word in another script) in one loop.
                repeat {
                    guard let length = UTF8Check.sequenceLength(p, at: j, count: n) else { throw .invalidUTF8(offset: j) }
                    j &+= length
                } while j < n && p[j] >= 0x80
            } else {
                j &+= 1
            }
        }
        i = j
        nodes.append(JSONNode(kind: .string, escaped: escaped, start: start, end: j, next: nodes.count + 1))
        i += 1  // the closing quote
    }

    private mutating func escape() throws(JSONScanError) {
        i += 1
        guard i < n else { throw .syntax(offset: i, expected: "an escape after '\\'") }
        switch p[i] {
        case Byte.quote, Byte.backslash, Byte.slash,
             UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            i += 1
        case UInt8(ascii: "u"):
            guard n - i > 4 else { throw .syntax(offset: i, expected: "four hex digits after \\u") }
            for k in 1...4 where JSONScanner.hexValue(p[i + k]) == nil {
                throw .syntax(offset: i + k, expected: "four hex digits after \\u")
            }
            i += 5
        default:
            throw .syntax(offset: i, expected: "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    @inline(__always)
    package static func isSimpleEscape(_ c: UInt8) -> Bool {
        switch c {
        case Byte.quote, Byte.backslash, Byte.slash,
             UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): return true
        default: return false
        }
    }

    @inline(__always)
    package static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c &- 0x30)
        case 0x41...0x46: return UInt32(c &- 0x41 &+ 10)
        case 0x61...0x66: return UInt32(c &- 0x61 &+ 10)
        default: return nil
        }
    }
}

/// UTF-8 validation shared by the scanner and the line checks.
package enum UTF8Check {
    /// The length of the valid sequence that starts at `i`, or nil if it is not valid UTF-8.
    @inline(__always)
    package static func sequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, count n: Int) -> Int? {
        let c = p[i]
        if c < 0x80 { return 1 }
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= lo && p[i + k] <= hi
        }
        switch c {
        case 0xC2...0xDF:
            return cont(1) ? 2 : nil
        case 0xE0:
            return cont(1, 0xA0) && cont(2) ? 3 : nil
        case 0xED:
            return cont(1, 0x80, 0x9F) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : nil
        case 0xF0:
            return cont(1, 0x90) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4:
            return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : nil
        default:
            return nil
        }
    }

    /// The offset of the first byte that is not valid UTF-8, or nil when all of it is.
    package static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            if p[i] < 0x80 { i += 1; continue }
            guard let length = sequenceLength(p, at: i, count: n) else { return i }
            i += length
        }
        return nil
    }
}
