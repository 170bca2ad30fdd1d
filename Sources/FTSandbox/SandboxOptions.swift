import Foundation

/// The sandbox's settings, as the contract's flags give them.
public struct SandboxOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 0
    public var apiKey = "sk-sandbox"
    /// Multiplies simulated time: 1 runs the demo dataset's job in well under a minute.
    public var speed = 1.0
    public var faults: FaultSpec?
    public var dataDir: String?
    public var seed: UInt64 = 1
    /// Log lines each training step adds to a new job's events (0: none), for follow tests.
    public var eventsPerStep = 0
    /// Only critical server logs (for tests that start and stop many sandboxes).
    public var quiet = false
    /// Where every state-changing request is recorded as it arrived (`RequestJournal`).
    public var journal: String?

    public init() {}
}

/// `--faults RATE[:KIND,...]`: the fraction of requests that get a fault, and which kinds.
public struct FaultSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case tooManyRequests = "429", serverError = "500", unavailable = "503", reset, slow, truncate
        /// The request takes effect, then the connection drops before the answer.
        case lostReply = "lost-reply"
        /// The request takes effect; its answer arrives cut in half (a complete HTTP response).
        case partial

        /// The kinds that never change state: what a bare rate gets.
        public static let stateless: [Kind] = [.tooManyRequests, .serverError, .unavailable, .reset, .slow, .truncate]
    }
    public var rate: Double
    public var kinds: [Kind]

    public init(rate: Double, kinds: [Kind] = Kind.stateless) {
        self.rate = rate
        self.kinds = kinds
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `0.2`, `0.2:429,reset`, or says why it is not one.
    public static func parse(_ text: String) -> Result<FaultSpec, Problem> {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let rate = Double(parts[0]), (0...1).contains(rate) else {
            return .failure(Problem(description: "the rate '\(parts.first ?? "")' must be a number from 0 to 1"))
        }
        guard parts.count > 1 else { return .success(FaultSpec(rate: rate)) }
        var kinds: [Kind] = []
        for word in parts[1].split(separator: ",") {
            guard let k = Kind(rawValue: String(word)) else {
                return .failure(Problem(description: "unknown fault '\(word)' (one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))"))
            }
            kinds.append(k)
        }
        return kinds.isEmpty ? .failure(Problem(description: "no fault kinds after ':'")) : .success(FaultSpec(rate: rate, kinds: kinds))
    }
}

/// A small seeded generator (SplitMix64), so a `--seed` replays the same faults and losses.
public struct SeededRandom: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A stable value in [0, 1) for a key, without state: for per-step loss noise.
    public static func hash(_ key: String, _ n: Int) -> Double {
        var g = SeededRandom(seed: UInt64(truncatingIfNeeded: key.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }) &+ UInt64(n))
        return g.unit()
    }
}
