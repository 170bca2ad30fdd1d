import Foundation
import FTCore

extension Planner {
    /// A managed provider that bills open-model training per token by model size (Together,
    /// Fireworks), or says it publishes no price (Nebius).
    func ruleEstimate(_ r: EstimateRequest, _ s: Resolved, rule: TokenPriceRule, paramsB: Double) throws -> Estimate {
        let billed = try Numeric.multiply(s.processedPerEpoch, s.epochs, "tokens × epochs")
        var assumptions = s.assumptions
        var e = Estimate(model: s.model.id, provider: rule.provider, method: r.method, epochs: s.epochs, tokens: s.tokens,
                         billedTokens: billed, memoryPerGPU: nil, hardware: nil, hours: nil, cost: nil, providerEstimate: nil,
                         assumptions: [])
        let bracket = String(format: "%.1fB parameters", paramsB)
        guard rule.unpublished != true, let low = rule.usdPer1MTokens?.value else {
            assumptions.append("\(rule.provider) publishes no per-token fine-tuning price (\(rule.source.url), checked \(rule.source.date)): cost unknown")
            e.assumptions = assumptions
            return e
        }
        let high = rule.usdPer1MTokensHigh?.value ?? low
        func cost(_ p: Decimal) -> Decimal {
            let c = CostModel.perToken(billedTokensPerEpoch: s.processedPerEpoch, epochs: s.epochs, usdPer1M: p).amount
            return max(c, rule.minimumUSD?.value ?? 0)
        }
        e.cost = Cost(amount: cost(low), basis: .perToken)
        e.costRange = Span(low: cost(low), expected: cost(low), high: cost(high))
        e.usdPer1MTokens = low
        assumptions.append("billed tokens = tokens processed × epochs at \(low) USD per 1M (\(rule.provider), \(r.training.rawValue), \(rule.method ?? "any method"), \(bracket); \(rule.source.url), \(rule.source.date))")
        if high != low {
            assumptions.append("high end: \(high) USD per 1M, the top of the published range for the bracket (the per-method table is not published); expected = the bottom")
        }
        assumptions.append("minimum charge: \(rule.minimumUSD.map { "\($0) USD" } ?? rule.minimum ?? "not stated")")
        e.assumptions = assumptions
        e.explain = ["cost = \(s.processedPerEpoch) tokens × \(s.epochs) epochs × \(low) USD / 1M = \(cost(low)) USD"
                     + (high != low ? " (high: × \(high) = \(cost(high)) USD)" : "")]
        e.warnings = [PriceAge.warning("the \(rule.provider) price", rule.source, now: now())].compactMap { $0 }
        return e
    }
}
