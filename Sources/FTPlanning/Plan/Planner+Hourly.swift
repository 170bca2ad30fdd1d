import Foundation
import FTCore

extension Planner {
    /// Reinforcement fine-tuning billed per hour of the provider's training loop (OpenAI RFT:
    /// rollouts, grading, weight updates and validation). The provider does not predict the hours,
    /// so the total comes from the user's guess (`trainingHours`), as a range; model graders'
    /// tokens are billed apart and are named, not priced.
    func hourlyEstimate(_ r: EstimateRequest) throws -> Estimate {
        let provider = r.provider?.lowercased()
        let rules = catalog.tokenPriceRules.filter {
            $0.training == .rft && $0.usdPerHour != nil && (provider == nil || $0.provider.lowercased() == provider)
        }
        guard let rule = rules.first(where: { rule in rule.model.map { $0 == r.model || $0.hasPrefix(r.model + "-") } ?? false }),
              let rate = rule.usdPerHour?.value else {
            throw FTError(.unsupported, what: "estimate", why: "no reinforcement fine-tuning price for \(r.model)\(provider.map { " on \($0)" } ?? "")",
                          hint: "Reinforcement fine-tuning is priced for: \(rules.compactMap(\.model).joined(separator: ", ")).")
        }
        let model = rule.model ?? r.model
        var e = Estimate(model: model, provider: rule.provider, method: r.method, epochs: r.epochs ?? 1, tokens: r.tokens ?? 0,
                         billedTokens: 0, memoryPerGPU: nil, hardware: nil, hours: nil, cost: nil, providerEstimate: nil, assumptions: [])
        var a = ["billed \(rate) USD per hour of wall-clock time in the training loop (rollouts, grading, weight updates, validation) for \(model), prorated to the second, rounded to 0.01 h (\(rule.source.url), \(rule.source.date))",
                 "only training that moves the model forward is billed: time lost to failures or pauses is not, so a retry adds no cost"]
        if let guess = r.trainingHours {
            let mid = (guess.low + guess.high) / 2
            // Billed to the hundredth of an hour.
            let hours = Ends(low: guess.low, expected: mid, high: guess.high).map { Numeric.decimal($0, places: 2) ?? 0 }
            let cost = hours.map { $0 * rate }
            e.hours = mid
            e.hoursRange = hours
            e.cost = Cost(amount: cost.expected, basis: .trainingHours)
            e.costRange = cost
            a.append(guess.low == guess.high
                     ? "hours: \(hours.expected), as given (--hours); OpenAI does not predict them"
                     : "hours: \(hours.low) to \(hours.high) as given (--hours), expected the middle; OpenAI does not predict them")
            e.explain = ["cost = hours × \(rate) USD: low \(hours.low) h = \(cost.low) USD, expected \(hours.expected) h = \(cost.expected) USD, high \(hours.high) h = \(cost.high) USD"]
        } else {
            e.costProblem = "reinforcement fine-tuning is billed \(rate) USD per training hour and \(rule.provider) does not predict the hours"
            a.append("no total: \(e.costProblem!); pass --hours N or --hours LOW-HIGH to price a guess")
        }
        if r.graderModels.isEmpty {
            a.append("no model grader: other graders add nothing beyond the time they take in the loop")
        }
        for g in r.graderModels {
            a.append("model grader \(g): its tokens are billed after training at \(g)'s API rates, on top of this; not priced here (the catalog holds training prices only)")
        }
        e.assumptions = a
        e.warnings = [PriceAge.warning("the \(rule.provider) reinforcement fine-tuning rate", rule.source, now: now())].compactMap { $0 }
        return e
    }
}
