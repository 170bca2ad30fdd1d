import Foundation

/// Read access to one parsed document (a dataset line, or a document `JSONValue.parse` reads): its
/// bytes plus the scanner's tape. Only valid while the bytes it points into are alive (the checks
/// use it inside `withUnsafeBufferPointer`).
package struct JSONLine {
    package let base: UnsafePointer<UInt8>
    /// The tape, borrowed from the checker for the line's checks (no reference counting).
    package let nodes: UnsafeBufferPointer<JSONNode>

    package init(base: UnsafePointer<UInt8>, nodes: UnsafeBufferPointer<JSONNode>) {
        self.base = base
        self.nodes = nodes
    }

    /// A key or literal to compare string values with. Its first 32 bytes are kept inline as
    /// words, so comparing one with a string node costs no reference counting and at most four
    /// word compares: the checks compare every key of every message with several literals.
    /// Plain data (no references), so passing one around costs no reference counting either.
    package struct Literal: Sendable {
        package let count: Int
        package let words: (UInt64, UInt64, UInt64, UInt64)
        /// Facts about roles, precomputed so a check never hashes a string.
        package var isAssistant = false
        package var isTool = false
        package var isDeprecated = false
        /// A key of this package's own (a constant, checked when the package is tested).
        package init(_ key: StaticString) {
            guard let literal = Literal(exactly: key.description) else { preconditionFailure("a key longer than 32 bytes: \(key)") }
            self = literal
        }

        /// Any text of at most 32 UTF-8 bytes (a role name from provider rules); nil when longer.
        package init?(exactly text: String) {
            let bytes = Array(text.utf8)
            guard bytes.count <= 32 else { return nil }
            count = bytes.count
            var w: [UInt64] = [0, 0, 0, 0]
            for (k, b) in bytes.enumerated() { w[k >> 3] |= UInt64(b) << (UInt64(k & 7) << 3) }
            words = (w[0], w[1], w[2], w[3])
        }
        package var bytes: [UInt8] {
            let w = [words.0, words.1, words.2, words.3]
            return (0..<count).map { UInt8(truncatingIfNeeded: w[$0 >> 3] >> (UInt64($0 & 7) << 3)) }
        }
    }

    @inline(__always)
    package func kind(_ index: Int) -> JSONNode.Kind { nodes[index].kind }

    /// The members of an object as (key node, value node) pairs.
    package func members(_ object: Int) -> MemberSequence {
        MemberSequence(nodes: nodes, first: object + 1, end: nodes[object].next)
    }

    /// The elements of an array.
    package func elements(_ array: Int) -> ElementSequence {
        ElementSequence(nodes: nodes, first: array + 1, end: nodes[array].next)
    }

    package func elementCount(_ array: Int) -> Int {
        var count = 0
        for _ in elements(array) { count += 1 }
        return count
    }

    /// The value of `key` in an object (the last one when a key repeats, as Python's json does).
    package func member(_ object: Int, _ key: Literal) -> Int? {
        var found: Int?
        for (k, v) in members(object) where equals(k, key) { found = v }
        return found
    }

    /// Whether string node `index` equals `literal` (after decoding escapes).
    package func equals(_ index: Int, _ literal: Literal) -> Bool {
        let node = nodes[index]
        guard node.kind == .string else { return false }
        if node.escaped { return decodedBytes(index) == literal.bytes }
        let length = node.end - node.start
        guard length == literal.count else { return false }
        let s = base + node.start
        @inline(__always) func word(_ k: Int) -> UInt64 {
            let from = k << 3
            if length - from >= 8 { return UInt64(littleEndian: UnsafeRawPointer(s + from).loadUnaligned(as: UInt64.self)) }
            var w: UInt64 = 0
            for b in 0..<max(0, length - from) { w |= UInt64(s[from + b]) << (UInt64(b) << 3) }
            return w
        }
        if length > 0, word(0) != literal.words.0 { return false }
        if length > 8, word(1) != literal.words.1 { return false }
        if length > 16, word(2) != literal.words.2 { return false }
        if length > 24, word(3) != literal.words.3 { return false }
        return true
    }

    /// The position in `candidates` of the first one string node `index` equals (a position, not
    /// a copy of the literal: copying one costs reference counting on every message).
    package func match(_ index: Int, in candidates: [Literal]) -> Int? {
        for k in candidates.indices where equals(index, candidates[k]) { return k }
        return nil
    }

    /// Raw byte length of a node's source text (strings: between the quotes).
    package func rawLength(_ index: Int) -> Int { nodes[index].end - nodes[index].start }

    /// A string node's value, escapes decoded; for other nodes, their source text.
    package func string(_ index: Int) -> String {
        let node = nodes[index]
        if node.kind == .string, node.escaped {
            return String(decoding: decodedBytes(index), as: UTF8.self)
        }
        let length = max(0, node.end - node.start)
        return String(decoding: UnsafeBufferPointer(start: base + node.start, count: length), as: UTF8.self)
    }

    /// The source text of any node, e.g. a number's lexeme or a container's JSON.
    package func sourceText(_ index: Int) -> String {
        let node = nodes[index]
        let start = node.kind == .string ? node.start - 1 : node.start
        let end = node.kind == .string ? node.end + 1 : node.end
        return String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, end - start)), as: UTF8.self)
    }

    /// A string's bytes with escapes decoded (lone surrogates become U+FFFD).
    package func decodedBytes(_ index: Int) -> [UInt8] {
        let node = nodes[index]
        let raw = UnsafeBufferPointer(start: base + node.start, count: max(0, node.end - node.start))
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var j = 0
        let n = raw.count
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= n else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                guard let h = JSONScanner.hexValue(raw[at + k]) else { return nil }
                v = v << 4 | h
            }
            return v
        }
        while j < n {
            let c = raw[j]
            guard c == 0x5C, j + 1 < n else { out.append(c); j += 1; continue }
            let e = raw[j + 1]
            j += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(j) else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); continue }
                j += 4
                var scalar = unit
                if (0xD800...0xDBFF).contains(unit) {
                    if j + 6 <= n, raw[j] == 0x5C, raw[j + 1] == UInt8(ascii: "u"), let low = hex4(j + 2),
                       (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        j += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(s) ?? [0xEF, 0xBF, 0xBD])
            default: out.append(e)  // \" \\ \/
            }
        }
        return out
    }

    /// A number node's value as a Double (nil if it is not a number).
    package func number(_ index: Int) -> Double? {
        guard nodes[index].kind == .number else { return nil }
        return Double(string(index))
    }
}

extension UTF8 {
    fileprivate static func encode(_ scalar: Unicode.Scalar) -> [UInt8]? {
        var bytes: [UInt8] = []
        UTF8.encode(scalar) { bytes.append($0) }
        return bytes
    }
}

package struct MemberSequence: Sequence, IteratorProtocol {
    package let nodes: UnsafeBufferPointer<JSONNode>
    package var current: Int
    package let end: Int
    package init(nodes: UnsafeBufferPointer<JSONNode>, first: Int, end: Int) {
        self.nodes = nodes
        self.current = first
        self.end = end
    }
    package mutating func next() -> (key: Int, value: Int)? {
        guard current + 1 < end, current + 1 < nodes.count else { return nil }
        let key = current, value = current + 1
        current = nodes[value].next
        return (key, value)
    }
}

package struct ElementSequence: Sequence, IteratorProtocol {
    package let nodes: UnsafeBufferPointer<JSONNode>
    package var current: Int
    package let end: Int
    package init(nodes: UnsafeBufferPointer<JSONNode>, first: Int, end: Int) {
        self.nodes = nodes
        self.current = first
        self.end = end
    }
    package mutating func next() -> Int? {
        guard current < end, current < nodes.count else { return nil }
        let element = current
        current = nodes[element].next
        return element
    }
}
