import Foundation

/// Peak memory per GPU (device totals, GiB) at the ends of the plausible setups.
public struct MemorySpan: Sendable, Hashable, Encodable {
    public var low: Double
    public var expected: Double
    public var high: Double
    /// Which setup gives each end (a preset name, or "expected").
    public var lowSetup: String
    public var highSetup: String

    enum CodingKeys: String, CodingKey {
        case low, expected, high
        case lowSetup = "low_setup"
        case highSetup = "high_setup"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Numeric.gib(low), forKey: .low)
        try c.encode(Numeric.gib(expected), forKey: .expected)
        try c.encode(Numeric.gib(high), forKey: .high)
        try c.encode(lowSetup, forKey: .lowSetup)
        try c.encode(highSetup, forKey: .highSetup)
    }
}

/// Low / expected / high of one figure; an optional value is written as null where absent.
public struct Ends<Value: Sendable & Hashable & Encodable>: Sendable, Hashable, Encodable {
    public var low: Value
    public var expected: Value
    public var high: Value

    public init(low: Value, expected: Value, high: Value) {
        self.low = low
        self.expected = expected
        self.high = high
    }

    /// Each end through `transform`.
    public func map<T>(_ transform: (Value) -> T) -> Ends<T> {
        Ends<T>(low: transform(low), expected: transform(expected), high: transform(high))
    }
}

/// Cost or hours at each end.
public typealias Span = Ends<Decimal>
/// The machine chosen at each end of the memory range; nil where nothing fits.
public typealias HardwareSpan = Ends<String?>
