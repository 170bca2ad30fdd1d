import Foundation

/// What a cost figure is based on.
public enum CostBasis: String, Codable, Sendable, Hashable {
    case perToken = "per_token"
    case gpuHours = "gpu_hours"
    /// Hours of the provider's training loop at its hourly rate (OpenAI reinforcement fine-tuning).
    case trainingHours = "training_hours"
}

public struct Cost: Sendable, Hashable {
    public var amount: Decimal
    public var currency: String
    public var basis: CostBasis

    public init(amount: Decimal, currency: String = "USD", basis: CostBasis) {
        self.amount = amount
        self.currency = currency
        self.basis = basis
    }
}

public enum CostModel {
    /// OpenAI's default epoch count for a dataset of `examples` examples (the fine-tuning data
    /// preparation cookbook): 3, raised so that examples × epochs reaches 100 (at most 25), lowered
    /// so it stays under 25,000 (at least 1).
    public static let targetEpochs = 3
    public static let minTargetExamples = 100
    public static let maxTargetExamples = 25_000
    public static let minDefaultEpochs = 1
    public static let maxDefaultEpochs = 25

    public static func defaultEpochs(examples: Int) -> Int {
        guard examples > 0 else { return targetEpochs }
        let product = examples.multipliedReportingOverflow(by: targetEpochs)
        if !product.overflow, product.partialValue < minTargetExamples {
            let needed = (minTargetExamples + examples - 1) / examples
            return min(maxDefaultEpochs, needed)
        }
        if product.overflow || product.partialValue > maxTargetExamples {
            return max(minDefaultEpochs, maxTargetExamples / examples)
        }
        return targetEpochs
    }

    /// Billed tokens × epochs × price per token, exactly (price given per 1M tokens).
    public static func perToken(billedTokensPerEpoch: Int, epochs: Int, usdPer1M: Decimal) -> Cost {
        let amount = Decimal(billedTokensPerEpoch) * Decimal(epochs) * usdPer1M / Decimal(1_000_000)
        return Cost(amount: amount, basis: .perToken)
    }

    /// Hours (to the micro-hour) × the configuration's hourly price (GPU-hour price × GPUs), rounded to
    /// micro-dollars.
    public static func gpuHours(hours: Double, configPricePerHour: Decimal) -> Cost? {
        guard let h = Numeric.decimal(hours, places: 6), h >= 0 else { return nil }
        return Cost(amount: Numeric.round(h * configPricePerHour, places: 6), basis: .gpuHours)
    }
}
