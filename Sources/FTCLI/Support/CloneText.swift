import FineTuning
import Foundation

/// What `jobs clone` tells about its plan: the model, the mapped and dropped fields, and ftctl's
/// estimate of the job on both sides; as lines for stderr, or as data for `--dry-run -o json`.
enum CloneText {
    static func lines(_ plan: ClonePlan, redactor: Redactor) -> [String] {
        let t = plan.translation
        var out: [String] = []
        let from = plan.recorded.model ?? "?"
        if let s = plan.suggestion {
            out.append("model: \(from) → \(plan.model) (suggested: \(s.reason))")
        } else if plan.model != from {
            out.append("model: \(from) → \(plan.model)")
        }
        if !t.carried.isEmpty { out.append("carried: \(t.carried.joined(separator: ", "))") }
        for m in t.mapped { out.append("mapped: \(m)") }
        for d in t.dropped { out.append("dropped: \(d.name) = \(redactor.redact(json: d.value).serialized()) (\(d.why))") }
        // The target's own estimate follows, as `jobs create` tells it.
        out.append("estimate on \(plan.recorded.provider): \(money(plan.sourceEstimate))")
        return out
    }

    static func money(_ e: FTPlanning.Estimate?) -> String {
        guard let e, e.cost != nil else { return "none (ftctl has no price for it)" }
        return "\(e.billedTokens) billed tokens (\(e.epochs) epochs), \(EstimateText.money(e.cost))"
    }

    static func json(_ plan: ClonePlan, redactor: Redactor) -> JSONValue {
        var dry = DryRun.json(plan.submission, redactor: redactor).object ?? JSONObject()
        let t = plan.translation
        let cost: (FTPlanning.Estimate?) -> JSONValue = { e in
            e?.cost.map { .double(NSDecimalNumber(decimal: $0.amount).doubleValue) } ?? .null
        }
        dry["clone"] = .object(JSONObject([
            ("source", .object(JSONObject([("provider", .string(plan.recorded.provider)), ("id", .string(plan.recorded.id)),
                                           ("model", JSONValue(plan.recorded.model)), ("estimate_usd", cost(plan.sourceEstimate))]))),
            ("model", .string(plan.model)),
            ("suggestion", plan.suggestion.map { .object(JSONObject([("model", .string($0.model)), ("reason", .string($0.reason))])) } ?? .null),
            ("carried", .array(t.carried.map { .string($0) })),
            ("mapped", .array(t.mapped.map { .string($0) })),
            ("dropped", .array(t.dropped.map { .object(JSONObject([("field", .string($0.name)), ("value", redactor.redact(json: $0.value)), ("why", .string($0.why))])) })),
            ("target_estimate_usd", cost(plan.submission.estimate)),
        ]))
        return .object(dry)
    }
}
