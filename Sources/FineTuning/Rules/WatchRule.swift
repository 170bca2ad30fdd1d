import FTCore
import Foundation

/// A condition on a running job that ftctl can watch for (`--warn-if`, `--cancel-if`, `rules:` in
/// a spec file). Written `NAME:VALUE` (`loss:nan` has the one value `nan`).
public enum WatchRule: Sendable, Hashable, CustomStringConvertible {
    /// No new step, event or metric for this many seconds while the job says it is running.
    case stalled(seconds: Double)
    /// A training or validation loss that is NaN or infinite.
    case lossNaN
    /// A training loss above FACTOR × the median of the losses before it (the recent ones).
    case lossSpike(factor: Double)
    /// Validation loss higher at each of the last N evaluations than at the one before.
    case valLossRising(evaluations: Int)
    /// Spend so far above this many USD.
    case cost(usd: Decimal)
    /// Running (or queued) longer than this many seconds since the job was created.
    case duration(seconds: Double)

    /// The spellings, for errors and help.
    public static let forms = ["stalled:DURATION", "loss:nan", "loss-spike:FACTOR", "val-loss-rising:N", "cost:USD", "duration:DURATION"]

    /// How many recent training losses a spike is measured against.
    public static let spikeWindow = 20

    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        func bad(_ why: String) -> FTError {
            FTError(.usage, what: "rule '\(text.prefix(60))'", why: why, hint: "Rules: \(Self.forms.joined(separator: ", ")).")
        }
        guard parts.count == 2, !parts[1].isEmpty else { throw bad("a rule is NAME:VALUE") }
        let value = parts[1]
        switch parts[0].lowercased() {
        case "stalled":
            guard let s = DurationText.seconds(value), s > 0 else { throw bad("'\(value.prefix(40))' is not a duration (e.g. 30m)") }
            self = .stalled(seconds: s)
        case "loss":
            guard value.lowercased() == "nan" else { throw bad("the loss rule is loss:nan") }
            self = .lossNaN
        case "loss-spike":
            guard let f = Double(value), f.isFinite, f > 1, f <= 1e6 else { throw bad("the factor must be a number above 1 (e.g. 3)") }
            self = .lossSpike(factor: f)
        case "val-loss-rising":
            guard let n = Int(value), (1...1000).contains(n) else { throw bad("N must be a whole number from 1 to 1000") }
            self = .valLossRising(evaluations: n)
        case "cost":
            guard let d = Double(value), d.isFinite, d >= 0, d < 1e12, let usd = Decimal(string: value) else {
                throw bad("'\(value.prefix(40))' is not an amount of USD")
            }
            self = .cost(usd: usd)
        case "duration":
            guard let s = DurationText.seconds(value), s > 0 else { throw bad("'\(value.prefix(40))' is not a duration (e.g. 6h)") }
            self = .duration(seconds: s)
        default:
            throw bad("unknown rule '\(parts[0].prefix(40))'")
        }
    }

    public var description: String {
        switch self {
        case .stalled(let s): return "stalled:\(DurationText.format(s))"
        case .lossNaN: return "loss:nan"
        case .lossSpike(let f): return "loss-spike:\(Self.number(f))"
        case .valLossRising(let n): return "val-loss-rising:\(n)"
        case .cost(let usd): return "cost:\(NSDecimalNumber(decimal: usd).stringValue)"
        case .duration(let s): return "duration:\(DurationText.format(s))"
        }
    }

    /// Whether the rule reads the job's metrics (so a watcher fetches them only when needed).
    public var needsMetrics: Bool {
        switch self {
        case .lossNaN, .lossSpike, .valLossRising: return true
        case .stalled, .cost, .duration: return false
        }
    }

    static func number(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d) }
}

/// What a rule does when it fires.
public enum RuleAction: String, Sendable, Hashable {
    /// Print one line and go on.
    case warn
    /// Print one line, cancel the job, and end the watch as stopped by the rule.
    case cancel
}

/// A rule with what to do when it fires.
public struct ArmedRule: Sendable, Hashable {
    public var rule: WatchRule
    public var action: RuleAction
    public init(_ rule: WatchRule, _ action: RuleAction) {
        self.rule = rule
        self.action = action
    }
}

/// A rule that fired: which, at which step, and the figures, in one sentence.
public struct RuleFiring: Sendable, Equatable {
    public var rule: WatchRule
    public var action: RuleAction
    public var step: Int?
    /// The figures, e.g. "train loss NaN at step 40".
    public var detail: String

    /// `rule loss:nan fired at step 40: train loss is NaN`.
    public var line: String {
        "rule \(rule) fired\(step.map { " at step \($0)" } ?? ""): \(detail)"
    }
}
