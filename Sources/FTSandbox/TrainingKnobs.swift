import FTCore
import Foundation

/// Jobs that misbehave on purpose, chosen by the model's name as `*fail-late*` is, so tests and
/// demos can show a watching rule fire: `*nan-loss*` (the training loss turns NaN at 40% of the
/// steps), `*val-rising*` (validation loss reported even without a validation file, rising over
/// the second half), `*stall*` (the job stops advancing at 30% and stays "running", silent).
extension SandboxJob {
    private func has(_ knob: String) -> Bool { model.lowercased().contains(knob) }

    /// The first step whose training loss is NaN, for `*nan-loss*`.
    var nanFromStep: Int? { has("nan-loss") ? max(1, totalSteps * 2 / 5) : nil }
    /// The platform API reports a validation loss with every metric, validation file or not.
    var reportsValidLoss: Bool { validationFile != nil || surface == .generic || has("val-rising") }
    /// Where a `*stall*` job stops.
    var stallStep: Int? { has("stall") ? max(1, totalSteps * 3 / 10) : nil }

    /// As the metrics carry it: a number, or the string "NaN" (JSON has no NaN; providers' Python
    /// servers that serialize a float('nan') with a strict encoder send a string or null).
    func trainLossValue(step: Int) -> JSONValue {
        if let nan = nanFromStep, step >= nan { return .string("NaN") }
        return .double(Self.trainLoss(id, step: step, of: totalSteps))
    }

    func validLossValue(step: Int) -> JSONValue {
        guard reportsValidLoss else { return .null }
        if has("val-rising") {
            let half = max(1, totalSteps / 2)
            let base = Self.validLoss(id, step: min(step, half), of: totalSteps)
            return .double(((base + 0.08 * Double(max(0, step - half))) * 1000).rounded() / 1000)
        }
        return .double(Self.validLoss(id, step: step, of: totalSteps))
    }

    /// The text of a loss in a log line.
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .double(let d): return "\(d)"
        case .string(let s): return s.lowercased()
        default: return "null"
        }
    }
}
