import Foundation

/// The ends of a GPU-hour job's time and cost. Throughput is the least certain input: on the
/// 101 published runs of three publishers in Docs/ESTIMATION.md the real time was 0.75× to 1.8× the
/// predicted one (10th and 90th percentiles), and a restart from the last checkpoint repeats part of
/// the run.
public enum CostRange {
    public static let fasterThanPredicted = 0.75
    public static let slowerThanPredicted = 1.8
    public static let restartShare = 0.1

    /// Hours at each end; `paddedRatio` ≥ 1 when unpacked data could be processed (high end only).
    public static func hours(_ h: Double, paddedRatio: Double) -> (low: Double, high: Double) {
        (h * fasterThanPredicted, h * slowerThanPredicted * (1 + restartShare) * max(paddedRatio, 1))
    }

    public static func assumptions(paddedRatio: Double) -> [String] {
        var a = ["low end: throughput \(fasterThanPredicted)× the predicted time (10th percentile of published runs)",
                 "high end: \(slowerThanPredicted)× the predicted time (90th percentile) plus one restart repeating \(Int(restartShare * 100))% of the run"]
        if paddedRatio > 1 {
            a.append(String(format: "high end: examples not packed, each padded to the context length (%.2f× the tokens)", paddedRatio))
        }
        return a
    }

    static func money(_ hours: Double, _ price: Decimal) -> Decimal {
        CostModel.gpuHours(hours: hours, configPricePerHour: price)?.amount ?? 0
    }

    public static func gpu(hours h: Double, pricePerHour p: Decimal, paddedRatio: Double) -> (hours: Span, cost: Span) {
        let (lo, hi) = hours(h, paddedRatio: paddedRatio)
        func dec(_ x: Double) -> Decimal { Numeric.decimal(x, places: 3) ?? 0 }
        return (Span(low: dec(lo), expected: dec(h), high: dec(hi)), Span(low: money(lo, p), expected: money(h, p), high: money(hi, p)))
    }
}
