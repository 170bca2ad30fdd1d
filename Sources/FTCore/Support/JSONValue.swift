import Foundation

/// A JSON document with object keys kept in insertion order, so normalized output reads the way
/// the contract lists its fields. Also the lenient reading model for provider responses: a field of
/// an unexpected type reads as nil instead of failing the whole decode.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// Dotted lookup (`progress.step`, `data.0.id`).
    public func lookup(path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let o): current = o[String(part)]
            case .array(let a): current = Int(part).flatMap { a.indices.contains($0) ? a[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    public var string: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.format(d)
        default: return nil
        }
    }
    public var int: Int? {
        switch self {
        case .int(let i): return Int(exactly: i)
        case .double(let d): return d.isFinite && d.rounded() == d && abs(d) < 9e15 ? Int(d) : nil
        case .string(let s): return Int(s)
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }
    public var isNull: Bool { self == .null }

    static func format(_ d: Double) -> String {
        if d.isFinite, d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
        return d.isFinite ? "\(d)" : "null"
    }
}

extension JSONValue: Equatable {
    /// JSON has one number type: 1 and 1.0 are equal.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }
}

/// An insertion-ordered string-keyed map.
public struct JSONObject: Sendable, Equatable, Sequence {
    public private(set) var entries: [(key: String, value: JSONValue)] = []

    public init() {}
    /// Entries whose keys are known to be distinct (a parsed object's, deduplicated).
    init(uniqueSortedEntries: [(key: String, value: JSONValue)]) { entries = uniqueSortedEntries }
    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: String) -> JSONValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }
    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { entries.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.entries.count == b.entries.count && a.entries.allSatisfy { b[$0.key] == $0.value }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral v: String) { self = .string(v) }
    public init(integerLiteral v: Int64) { self = .int(v) }
    public init(floatLiteral v: Double) { self = .double(v) }
    public init(booleanLiteral v: Bool) { self = .bool(v) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}

public extension JSONValue {
    /// `.null` for nil, so absent values print as `null` rather than vanish.
    init(_ s: String?) { self = s.map { .string($0) } ?? .null }
    init(_ i: Int?) { self = i.map { .int(Int64($0)) } ?? .null }
    init(_ d: Double?) { self = d.map { .double($0) } ?? .null }
    init(_ b: Bool?) { self = b.map { .bool($0) } ?? .null }
    init(_ date: Date?) { self = date.map { .string(RFC3339.format($0)) } ?? .null }
}

// MARK: - Parsing

extension JSONValue: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var o = JSONObject()
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                o[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key)
            }
            self = .object(o)
        } else if var list = try? decoder.unkeyedContainer() {
            var a: [JSONValue] = []
            while !list.isAtEnd { a.append(try list.decode(JSONValue.self)) }
            self = .array(a)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) }
            else if let d = try? c.decode(Double.self) { self = .double(d) }
            else { self = .string(try c.decode(String.self)) }
        }
    }

    /// Parses JSON text (RFC 8259, UTF-8, an optional byte-order mark); nil when it is not JSON or
    /// nests deeper than `JSONDepth.limit`. As `JSONDecoder` read it before: objects' keys come
    /// sorted and a repeated key keeps its first value; unlike it, a trailing comma and a NUL byte
    /// (where the decoder stopped reading) are refused.
    ///
    /// Read with the dataset scanner's tape, not `JSONDecoder`: the decoder's generic containers
    /// instantiate type metadata and scan every protocol conformance of the binary the first time
    /// they meet each type, 8 million instructions, 14% of a whole `ftctl jobs list` (Docs/BENCH.md).
    public static func parse(_ data: Data) -> JSONValue? {
        data.withUnsafeBytes { raw in
            var bytes = raw.bindMemory(to: UInt8.self)
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                bytes = UnsafeBufferPointer(rebasing: bytes[3...])
            }
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            var nodes: [JSONNode] = []
            guard JSONScanner.parse(bytes, into: &nodes, maxDepth: JSONDepth.limit) == nil else { return nil }
            return nodes.withUnsafeBufferPointer { tape in
                JSONLine(base: base, nodes: tape).value(at: 0)
            }
        }
    }
}

extension JSONLine {
    /// The value of node `index` and its subtree; nil for a number no Double can hold (1e400).
    fileprivate func value(at index: Int) -> JSONValue? {
        switch kind(index) {
        case .null: return .null
        case .trueValue: return .bool(true)
        case .falseValue: return .bool(false)
        case .string: return .string(string(index))
        case .number:
            let text = string(index)
            if let i = Int64(text) { return .int(i) }
            guard let d = Double(text), d.isFinite else { return nil }
            return Int64(exactly: d).map(JSONValue.int) ?? .double(d)
        case .array:
            var a: [JSONValue] = []
            for element in elements(index) {
                guard let v = value(at: element) else { return nil }
                a.append(v)
            }
            return .array(a)
        case .object:
            var pairs: [(key: String, order: Int, value: JSONValue)] = []
            for (k, v) in members(index) {
                guard let member = value(at: v) else { return nil }
                pairs.append((string(k), pairs.count, member))
            }
            pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.order < $1.order }
            var entries: [(key: String, value: JSONValue)] = []
            entries.reserveCapacity(pairs.count)
            for m in pairs {
                if entries.last?.key != m.key { entries.append((m.key, m.value)) }
            }
            return .object(JSONObject(uniqueSortedEntries: entries))
        }
    }
}

// MARK: - Writing

public extension JSONValue {
    func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (n, v) in a.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                v.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (n, e) in o.entries.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(e.key, into: &out)
                out += pretty ? ": " : ":"
                e.value.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Copies the runs between the bytes JSON escapes whole: a character at a time, writing was
    /// 650 instructions per byte of a job list (Docs/BENCH.md).
    private static let hexDigits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for i in bytes.indices {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if run < i { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<i]), as: UTF8.self) }
                switch b {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                default:
                    out += "\\u00"
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0xF)])
                }
                run = i + 1
            }
            if run < bytes.count { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run...]), as: UTF8.self) }
        }
        out += "\""
    }

    var data: Data { Data(serialized().utf8) }
}
