import FTCore

/// What OpenAI's `POST /fine_tuning/jobs` accepts, written from openai/openai-openapi `openapi.yaml`
/// (commit f85dbe223d40e1a31cba812ab2d755c7e98a92a3): CreateFineTuningJobRequest (oa:35001),
/// FineTuneMethod (oa:39974), the supervised (oa:40101), DPO (oa:39910) and reinforcement
/// (oa:39994) hyperparameters. Every hyperparameter but `reasoning_effort` is "auto" or a number.
enum OpenAICreateRules {
    struct Bound {
        var lower: Double
        var lowerOpen = false
        var upper: Double?
        var integer = true

        func admits(_ v: JSONValue) -> Bool {
            if v.string == "auto", case .string = v { return true }
            guard let x = v.double, x.isFinite, !isText(v) else { return false }
            if integer && x.rounded() != x { return false }
            if lowerOpen ? x <= lower : x < lower { return false }
            return upper.map { x <= $0 } ?? true
        }

        var text: String {
            func n(_ d: Double) -> String { d.rounded() == d ? String(Int(d)) : "\(d)" }
            let low = lowerOpen ? "greater than \(n(lower))" : "at least \(n(lower))"
            return "'auto' or \(integer ? "an integer" : "a number") \(low)" + (upper.map { " and at most \(n($0))" } ?? "")
        }

        private func isText(_ v: JSONValue) -> Bool {
            if case .string = v { return true }
            return false
        }
    }

    static let common: [String: Bound] = [
        "batch_size": Bound(lower: 1, upper: 256), "n_epochs": Bound(lower: 1, upper: 50),
        "learning_rate_multiplier": Bound(lower: 0, lowerOpen: true, integer: false),
    ]
    static let bounds: [String: [String: Bound]] = [
        "supervised": common,
        "dpo": common.merging(["beta": Bound(lower: 0, lowerOpen: true, upper: 2, integer: false)]) { a, _ in a },
        "reinforcement": common.merging([
            "compute_multiplier": Bound(lower: 0.00001, lowerOpen: true, upper: 10, integer: false),
            "eval_interval": Bound(lower: 1), "eval_samples": Bound(lower: 1),
        ]) { a, _ in a },
    ]
    static let reasoningEfforts = ["default", "low", "medium", "high"]

    /// The first problem with a create body's method and hyperparameters: (message, param).
    static func problem(_ body: JSONValue) -> (String, String)? {
        if let seed = body["seed"], !seed.isNull {
            guard let s = seed.int, (0...2_147_483_647).contains(s) else {
                return ("seed must be an integer from 0 to 2147483647", "seed")
            }
        }
        if let suffix = body["suffix"]?.string, suffix.isEmpty || suffix.count > 64 {
            return ("suffix must be 1 to 64 characters", "suffix")
        }
        let method = body["method"] ?? .null
        let type = method.isNull ? "supervised" : (method["type"]?.string ?? "")
        guard let allowed = bounds[type] else {
            return ("method.type must be one of supervised, dpo, reinforcement", "method.type")
        }
        if type == "reinforcement" {
            guard let grader = method["reinforcement"]?["grader"] else {
                return ("method.reinforcement.grader is required", "method.reinforcement.grader")
            }
            do { try GraderSchema.check(grader, source: "grader") } catch let e as FTError {
                return (e.why, "method.reinforcement.grader")
            } catch {}
        }
        let hp = method[type]?["hyperparameters"]?.object ?? body["hyperparameters"]?.object ?? JSONObject()
        for (name, value) in hp {
            if name == "reasoning_effort", type == "reinforcement" {
                guard let s = value.string, reasoningEfforts.contains(s) else {
                    return ("reasoning_effort must be one of \(reasoningEfforts.joined(separator: ", "))", name)
                }
                continue
            }
            // Keys the spec does not name are left alone: how OpenAI treats them is not documented.
            if let bound = allowed[name], !bound.admits(value) { return ("\(name) must be \(bound.text)", name) }
        }
        return nil
    }
}
