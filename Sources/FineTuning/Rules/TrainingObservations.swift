import FTCore
import Foundation

/// What a watch has seen of a running job, fed from polls or a log follow: its latest state, its
/// losses by step (NaN kept: that is what a rule looks for), and when it last made progress.
public struct TrainingObservations: Sendable {
    public struct Point: Sendable, Equatable {
        public var step: Int
        public var value: Double
    }

    public private(set) var job: Job?
    public private(set) var trainLoss: [Point] = []
    public private(set) var validLoss: [Point] = []
    /// The last time a new step, event or metric was seen (or the job first seen running).
    public private(set) var lastProgress: Date?
    private var lastStep: Int?
    private var lastStatus: JobStatus?
    private var seenEvents = Set<String>()

    public init() {}

    /// A fresh read of the job: a new step or a new status counts as progress.
    public mutating func observe(job: Job, at now: Date) {
        let step = job.progress?.step
        if job.status != lastStatus || (step.map { $0 > (lastStep ?? -1) } ?? false) { lastProgress = now }
        if let step { lastStep = max(lastStep ?? step, step) }
        lastStatus = job.status
        self.job = job
    }

    /// Metric rows (from a metrics endpoint, checkpoints or events); rows already seen change nothing.
    public mutating func observe(metrics rows: [Record], at now: Date) {
        var fresh = false
        for row in rows {
            guard let step = row.json["step"]?.double.map({ Int($0) }) else { continue }
            if let v = Self.loss(row.json, keys: MetricSeries.Kind.trainLoss.keys), Self.insert(&trainLoss, Point(step: step, value: v)) { fresh = true }
            if let v = Self.loss(row.json, keys: MetricSeries.Kind.validLoss.keys), Self.insert(&validLoss, Point(step: step, value: v)) { fresh = true }
        }
        if fresh { lastProgress = now }
    }

    /// Events (log lines): a new one is progress; one carrying metrics adds them.
    public mutating func observe(events: [JobEvent], at now: Date) {
        var rows: [Record] = []
        for e in events where seenEvents.insert(e.id).inserted {
            lastProgress = now
            if let step = e.step, let m = e.metrics {
                var o = m
                o["step"] = .int(Int64(step))
                rows.append(Record(id: e.id, json: .object(o)))
            }
        }
        observe(metrics: rows, at: now)
    }

    /// A loss as providers write it: a number, or "NaN"/"inf" as text (JSON has no NaN).
    static func loss(_ json: JSONValue, keys: [String]) -> Double? {
        for key in keys {
            switch json[key] {
            case .double(let d)?: return d
            case .int(let i)?: return Double(i)
            case .string(let s)?:
                switch s.lowercased() {
                case "nan", "-nan": return .nan
                case "inf", "infinity", "+inf": return .infinity
                case "-inf", "-infinity": return -.infinity
                default: if let d = Double(s) { return d }
                }
            default: continue
            }
        }
        return nil
    }

    /// Keeps the series in step order, one point per step; false when the step was known.
    private static func insert(_ series: inout [Point], _ p: Point) -> Bool {
        if let last = series.last, last.step < p.step { series.append(p); return true }
        guard !series.contains(where: { $0.step == p.step }) else { return false }
        series.append(p)
        series.sort { $0.step < $1.step }
        return true
    }
}
