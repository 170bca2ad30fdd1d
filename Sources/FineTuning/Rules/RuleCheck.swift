import FTCore
import Foundation

/// Each rule as a pure function of what was observed, the time, and the spend so far.
extension WatchRule {
    public func check(_ seen: TrainingObservations, now: Date, spentUSD: Decimal? = nil) -> (step: Int?, detail: String)? {
        guard let job = seen.job, !job.status.isTerminal else { return nil }
        switch self {
        case .stalled(let limit):
            guard job.status == .running, let last = seen.lastProgress else { return nil }
            let quiet = now.timeIntervalSince(last)
            guard quiet > limit else { return nil }
            return (job.progress?.step, "no new step, event or metric for \(DurationText.format(quiet.rounded())) while running")
        case .lossNaN:
            if let p = seen.trainLoss.first(where: { !$0.value.isFinite }) { return (p.step, "train loss is \(Self.text(p.value))") }
            if let p = seen.validLoss.first(where: { !$0.value.isFinite }) { return (p.step, "validation loss is \(Self.text(p.value))") }
            return nil
        case .lossSpike(let factor):
            let finite = seen.trainLoss.filter { $0.value.isFinite }
            guard finite.count >= 4, let last = finite.last else { return nil }
            let before = finite.dropLast().suffix(Self.spikeWindow).map(\.value).sorted()
            let median = before[before.count / 2]
            guard median > 0, last.value > factor * median else { return nil }
            return (last.step, "train loss \(Self.number(last.value)) is \(Self.number((last.value / median * 100).rounded() / 100))× the recent median \(Self.number(median))")
        case .valLossRising(let n):
            let v = seen.validLoss.filter { $0.value.isFinite }
            guard v.count >= n + 1 else { return nil }
            let tail = Array(v.suffix(n + 1))
            guard zip(tail, tail.dropFirst()).allSatisfy({ $1.value > $0.value }) else { return nil }
            let values = tail.map { Self.number($0.value) }.joined(separator: " → ")
            return (tail.last?.step, "validation loss rose at each of the last \(n) evaluations (\(values))")
        case .cost(let limit):
            guard let spentUSD, spentUSD > limit else { return nil }
            return (job.progress?.step, "spend so far, about \(Self.money(spentUSD)) USD, is above \(Self.money(limit)) USD")
        case .duration(let limit):
            guard let created = job.createdAt else { return nil }
            let age = now.timeIntervalSince(created)
            guard age > limit else { return nil }
            return (job.progress?.step, "\(job.status) for \(DurationText.format(age.rounded())), over \(DurationText.format(limit))")
        }
    }

    static func text(_ d: Double) -> String { d.isNaN ? "NaN" : (d > 0 ? "+infinity" : "-infinity") }

    static func money(_ d: Decimal) -> String {
        var x = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &x, 2, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}

/// A set of armed rules over one job: each fires at most once.
public struct RuleBook: Sendable {
    public let rules: [ArmedRule]
    private var fired = Set<WatchRule>()

    public init(_ rules: [ArmedRule]) {
        self.rules = rules
    }

    public var isEmpty: Bool { rules.isEmpty }
    public var needsMetrics: Bool { rules.contains { $0.rule.needsMetrics } }
    public var needsCost: Bool { rules.contains { if case .cost = $0.rule { return true } else { return false } } }

    /// The rules that fire now and had not fired before, cancel rules first.
    public mutating func check(_ seen: TrainingObservations, now: Date, spentUSD: Decimal? = nil) -> [RuleFiring] {
        var out: [RuleFiring] = []
        for armed in rules.sorted(by: { $0.action == .cancel && $1.action != .cancel }) where !fired.contains(armed.rule) {
            guard let hit = armed.rule.check(seen, now: now, spentUSD: spentUSD) else { continue }
            fired.insert(armed.rule)
            out.append(RuleFiring(rule: armed.rule, action: armed.action, step: hit.step, detail: hit.detail))
        }
        return out
    }
}
