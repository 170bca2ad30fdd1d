import Foundation

/// What a fine-tuning job optimises: supervised fine-tuning, preference (DPO), reinforcement (RFT).
public enum TrainingKind: String, Codable, Sendable, Hashable, CaseIterable {
    case sft, dpo, rft
}

/// A managed provider's price for training open models, by model-size bracket, LoRA or full, SFT or
/// DPO — or an hourly rate (OpenAI RFT), or a statement that no price is published.
public struct TokenPriceRule: Codable, Sendable, Hashable {
    public var provider: String
    public var training: TrainingKind
    /// "lora" (LoRA and QLoRA) or "full"; nil: either.
    public var method: String?
    /// Parameter-count bracket in billions, lower bound exclusive except 0.
    public var minParamsB: Double?
    public var maxParamsB: Double?
    /// For an hourly or per-model price (OpenAI RFT).
    public var model: String?
    /// Per 1M training tokens; `usdPer1MTokensHigh` when only a range is published.
    public var usdPer1MTokens: Price?
    public var usdPer1MTokensHigh: Price?
    public var usdPerHour: Price?
    /// The smallest charge per job; nil with `minimum` saying "none" or "not stated".
    public var minimumUSD: Price?
    public var minimum: String?
    /// True when the provider publishes no price for this (then every price field is nil).
    public var unpublished: Bool?
    public var source: SourceRef

    enum CodingKeys: String, CodingKey {
        case provider, training, method, model, minimum, unpublished, source
        case minParamsB = "min_params_b"
        case maxParamsB = "max_params_b"
        case usdPer1MTokens = "usd_per_1m_tokens"
        case usdPer1MTokensHigh = "usd_per_1m_tokens_high"
        case usdPerHour = "usd_per_hour"
        case minimumUSD = "minimum_usd"
    }

    /// Whether this rule prices `method` training of a model with `paramsB` billion parameters.
    public func matches(provider p: String, training t: TrainingKind, method m: TrainingMethod, paramsB: Double) -> Bool {
        guard provider.lowercased() == p.lowercased(), training == t else { return false }
        if let method, method != (m == .full ? "full" : "lora") { return false }
        if let lo = minParamsB, paramsB <= lo, lo > 0 { return false }
        if let hi = maxParamsB, paramsB > hi { return false }
        return true
    }
}

extension Catalog {
    /// The rule for a job, or the provider's "unpublished" statement; nil when the provider has no rules.
    public func tokenRule(provider: String, training: TrainingKind, method: TrainingMethod, paramsB: Double) -> TokenPriceRule? {
        let rules = tokenPriceRules.filter { $0.provider.lowercased() == provider.lowercased() }
        return rules.first { $0.matches(provider: provider, training: training, method: method, paramsB: paramsB) && $0.unpublished != true }
            ?? rules.first { $0.unpublished == true }
    }
}
