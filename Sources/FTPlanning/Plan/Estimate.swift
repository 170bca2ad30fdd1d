import Foundation

/// The server's own estimate, where a provider has one (generic-v1 `POST /estimate-cost`).
public struct ProviderEstimate: Sendable, Hashable, Encodable {
    public var amount: Decimal?
    public var currency: String?
    public var minutes: Double?

    public init(amount: Decimal?, currency: String?, minutes: Double?) {
        self.amount = amount
        self.currency = currency
        self.minutes = minutes
    }

    enum CodingKeys: String, CodingKey { case amount, currency, minutes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(amount, forKey: .amount)
        try c.encodeOrNull(currency, forKey: .currency)
        try c.encodeOrNull(minutes.flatMap { $0.isFinite ? $0 : nil }, forKey: .minutes)
    }
}

public struct HardwareAlternative: Sendable, Hashable, Encodable {
    public var id: String
    public var reason: String
}

public struct HardwareChoice: Sendable, Hashable, Encodable {
    public var id: String
    public var gpu: String
    public var count: Int
    public var fits: Bool
    public var alternatives: [HardwareAlternative]
}

/// The result of `ftctl estimate`; encodes to exactly the contract's `-o json` fields, nulls included.
public struct Estimate: Sendable, Hashable, Encodable {
    public var model: String
    public var provider: String?
    public var method: TrainingMethod
    public var epochs: Int
    /// Dataset tokens per epoch.
    public var tokens: Int
    /// Tokens billed (per-token providers) or processed by the GPUs, over all epochs.
    public var billedTokens: Int
    public var memoryPerGPU: MemoryBreakdown?
    public var hardware: HardwareChoice?
    public var hours: Double?
    public var cost: Cost?
    /// Filled by the caller from the provider's answer.
    public var providerEstimate: ProviderEstimate?
    public var assumptions: [String]
    /// Memory over the plausible setups, and the machine chosen at each end (GPU-hour jobs only).
    public var memoryRange: MemorySpan? = nil
    public var hardwareRange: HardwareSpan? = nil
    /// Cost and hours at the low / expected / high ends (the assumptions say what sets each end).
    public var costRange: Span? = nil
    public var hoursRange: Span? = nil
    /// Stale or undated prices, and anything else the user should check.
    public var warnings: [String] = []
    /// The arithmetic, line by line (`--explain`); not part of the JSON.
    public var explain: [String] = []
    /// The per-token rate the expected cost used (per-token providers), for the spend ledger:
    /// a finished job's trained tokens × this rate is its bill. Not part of the JSON.
    public var usdPer1MTokens: Decimal? = nil
    /// Why there is no cost when a price is known but a quantity is not (RFT hours). Not in the JSON.
    public var costProblem: String? = nil

    enum CodingKeys: String, CodingKey {
        case warnings
        case costRange = "cost_usd"
        case hoursRange = "hours_range"
        case model, provider, method, epochs, tokens, hours, cost, assumptions, hardware
        case memoryRange = "memory_range_gib"
        case hardwareRange = "hardware_range"
        case billedTokens = "billed_tokens"
        case memoryPerGPU = "memory_per_gpu_gib"
        case providerEstimate = "provider_estimate"
    }

    enum MemoryKeys: String, CodingKey { case weights, gradients, optimizer, activations, overhead, total }
    enum CostKeys: String, CodingKey { case amount, currency, basis }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encodeOrNull(provider, forKey: .provider)
        try c.encode(method, forKey: .method)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(billedTokens, forKey: .billedTokens)
        if let m = memoryPerGPU {
            var mc = c.nestedContainer(keyedBy: MemoryKeys.self, forKey: .memoryPerGPU)
            try mc.encode(Numeric.gib(m.weights), forKey: .weights)
            try mc.encode(Numeric.gib(m.gradients), forKey: .gradients)
            try mc.encode(Numeric.gib(m.optimizer), forKey: .optimizer)
            try mc.encode(Numeric.gib(m.activations), forKey: .activations)
            try mc.encode(Numeric.gib(m.overhead), forKey: .overhead)
            try mc.encode(Numeric.gib(m.total), forKey: .total)
        } else {
            try c.encodeNil(forKey: .memoryPerGPU)
        }
        try c.encodeOrNull(hardware, forKey: .hardware)
        try c.encodeOrNull(hours.flatMap { $0.isFinite ? ($0 * 1000).rounded() / 1000 : nil }, forKey: .hours)
        if let cost {
            var cc = c.nestedContainer(keyedBy: CostKeys.self, forKey: .cost)
            try cc.encode(cost.amount, forKey: .amount)
            try cc.encode(cost.currency, forKey: .currency)
            try cc.encode(cost.basis, forKey: .basis)
        } else {
            try c.encodeNil(forKey: .cost)
        }
        try c.encodeOrNull(providerEstimate, forKey: .providerEstimate)
        try c.encode(assumptions, forKey: .assumptions)
        try c.encodeOrNull(memoryRange, forKey: .memoryRange)
        try c.encodeOrNull(hardwareRange, forKey: .hardwareRange)
        try c.encodeOrNull(costRange, forKey: .costRange)
        try c.encodeOrNull(hoursRange, forKey: .hoursRange)
        try c.encode(warnings, forKey: .warnings)
    }

    /// The contract's JSON, keys sorted.
    public func jsonData() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}

/// One line of `estimate --compare`.
public struct ComparisonRow: Sendable, Hashable, Encodable {
    public var provider: String
    public var hardwareID: String?
    public var gpu: String?
    public var count: Int?
    public var hours: Double?
    public var cost: Cost?
    public var basis: CostBasis

    enum CodingKeys: String, CodingKey {
        case provider, gpu, count, hours, cost, basis
        case hardwareID = "hardware_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(provider, forKey: .provider)
        try c.encodeOrNull(hardwareID, forKey: .hardwareID)
        try c.encodeOrNull(gpu, forKey: .gpu)
        try c.encodeOrNull(count, forKey: .count)
        try c.encodeOrNull(hours.flatMap { $0.isFinite ? ($0 * 1000).rounded() / 1000 : nil }, forKey: .hours)
        try c.encodeOrNull(cost?.amount, forKey: .cost)
        try c.encode(basis, forKey: .basis)
    }
}

extension KeyedEncodingContainer {
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
