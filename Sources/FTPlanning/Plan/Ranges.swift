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

/// The machine chosen at each end of the memory range; nil where nothing fits.
public struct HardwareSpan: Sendable, Hashable, Encodable {
    public var low: String?
    public var expected: String?
    public var high: String?

    enum CodingKeys: String, CodingKey { case low, expected, high }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(low, forKey: .low)
        try c.encodeOrNull(expected, forKey: .expected)
        try c.encodeOrNull(high, forKey: .high)
    }
}
