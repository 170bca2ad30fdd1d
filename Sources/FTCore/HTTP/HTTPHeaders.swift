/// Header fields in the order they were added; names compare case-insensitively.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}
    public init(dictionaryLiteral elements: (String, String)...) {
        for (n, v) in elements { add(n, v) }
    }

    public subscript(name: String) -> String? {
        get { fields.first { $0.name.lowercased() == name.lowercased() }?.value }
        set {
            remove(name)
            if let newValue { add(name, newValue) }
        }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }
    public mutating func remove(_ name: String) { fields.removeAll { $0.name.lowercased() == name.lowercased() } }
    public func contains(_ name: String) -> Bool { self[name] != nil }
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.map { "\($0.name.lowercased()):\($0.value)" } == b.fields.map { "\($0.name.lowercased()):\($0.value)" }
    }

    /// Parses `Name: value`, as `-H` takes it.
    public static func parseLine(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingWhitespace()
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        guard !name.isEmpty, !name.unicodeScalars.contains(" ") else { return nil }
        return (name, value)
    }
}

import Foundation
