/// Per-example token statistics in constant memory.
///
/// Quantiles come from a fixed histogram: an exact counting array for values below 65,536
/// (512 KiB), so p50/p95 are exact whenever the quantile itself is below 65,536 tokens; above
/// that, log-linear buckets (64 per power of two, relative error under 1/64, reported as the
/// bucket's lower bound). Quantiles use the nearest-rank definition: the p-th percentile of n
/// values is the value of rank ceil(p·n/100) in ascending order (so p50 of an even count is the
/// lower middle value). min, max, mean and the sums are exact.
struct TokenStatistics: Sendable {
    static let exactLimit = 65_536
    private static let subBuckets = 64
    private var exact: [Int]
    private var large: [Int]
    private(set) var count = 0
    private(set) var total = 0
    private(set) var content = 0
    private(set) var min = Int.max
    private(set) var max = 0
    private(set) var overLimit = 0
    private(set) var billed = 0
    private let limit: Int?

    init(contextLimit: Int?) {
        exact = Array(repeating: 0, count: TokenStatistics.exactLimit)
        // Exponents 16...63, 64 sub-buckets each.
        large = Array(repeating: 0, count: (64 - 16) * TokenStatistics.subBuckets)
        limit = contextLimit
    }

    mutating func add(tokens: Int, content contentTokens: Int) {
        let t = Swift.max(0, tokens)
        count += 1
        total += t
        content += Swift.max(0, contentTokens)
        if t < min { min = t }
        if t > max { max = t }
        if let limit {
            if t > limit { overLimit += 1 }
            billed += Swift.min(t, limit)
        } else {
            billed += t
        }
        if t < TokenStatistics.exactLimit {
            exact[t] += 1
        } else {
            large[TokenStatistics.largeIndex(t)] += 1
        }
    }

    private static func largeIndex(_ v: Int) -> Int {
        let exponent = (Int.bitWidth - 1) - v.leadingZeroBitCount  // >= 16
        let mantissa = (v >> (exponent - 6)) & (subBuckets - 1)
        return (exponent - 16) * subBuckets + mantissa
    }

    private static func largeLowerBound(_ index: Int) -> Int {
        let exponent = index / subBuckets + 16
        let mantissa = index % subBuckets
        return (1 << exponent) + (mantissa << (exponent - 6))
    }

    var mean: Double { count == 0 ? 0 : Double(total) / Double(count) }

    /// The nearest-rank percentile `p` (0...100), or nil with no values.
    func percentile(_ p: Int) -> Int? {
        guard count > 0 else { return nil }
        let clamped = Swift.min(100, Swift.max(0, p))
        let rank = Swift.max(1, (count * clamped + 99) / 100)
        var seen = 0
        for (value, c) in exact.enumerated() where c > 0 {
            seen += c
            if seen >= rank { return value }
        }
        for (index, c) in large.enumerated() where c > 0 {
            seen += c
            if seen >= rank { return Swift.min(max, TokenStatistics.largeLowerBound(index)) }
        }
        return max
    }
}

/// The number of epochs OpenAI picks by default, as its cookbook computes it
/// (TARGET_EPOCHS 3, MIN_TARGET_EXAMPLES 100, MAX_TARGET_EXAMPLES 25000, epochs 1...25):
/// 3, raised to min(25, 100 // n) when n·3 < 100, lowered to max(1, 25000 // n) when n·3 > 25000.
/// (`//` is floor division, as in the cookbook.) nil for an empty dataset.
public func defaultEpochs(examples n: Int) -> Int? {
    guard n > 0 else { return nil }
    let target = 3, minExamples = 100, maxExamples = 25_000
    if n * target < minExamples { return min(25, minExamples / n) }
    if n * target > maxExamples { return max(1, maxExamples / n) }
    return target
}
