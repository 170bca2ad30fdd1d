import FTCore
import Foundation

/// `ftctl top` as a use case: the recent jobs of several accounts at once, each account polled
/// concurrently (one request at a time within it, so no provider sees a burst), with a running
/// job's training-loss curve and time left.
public struct JobBoard: Sendable {
    public struct Source: Sendable {
        public var name: String
        public var client: FTClient
        public init(name: String, client: FTClient) {
            self.name = name
            self.client = client
        }
    }

    public struct Row: Sendable {
        public var source: String
        public var job: Job
        /// Training losses by step, for a running job (a sparkline's worth).
        public var loss: [Double]
        /// The metric rows they came from, for rules.
        public var metrics: [Record] = []
        public var secondsLeft: Double?
    }

    public struct Snapshot: Sendable {
        public var rows: [Row]
        /// A source that could not be read, with why.
        public var problems: [(source: String, why: String)]
        public var taken: Date
    }

    public var sources: [Source]
    /// Jobs per source.
    public var limit = 10
    /// Running jobs per source whose metrics are read.
    public var curves = 4
    public var now: @Sendable () -> Date = { Date() }

    public init(sources: [Source]) {
        self.sources = sources
    }

    public func snapshot() async -> Snapshot {
        let limit = self.limit, curves = self.curves, now = self.now
        var rows: [Row] = []
        var problems: [(String, String)] = []
        await withTaskGroup(of: (Int, [Row], String?).self) { group in
            for (index, source) in sources.enumerated() {
                group.addTask {
                    do {
                        let jobs = try await JobListing(client: source.client).list(limit: limit)
                        var out: [Row] = []
                        var curvesLeft = curves
                        for job in jobs {
                            var loss: [Double] = []
                            var rows: [Record] = []
                            if job.status == .running, curvesLeft > 0 {
                                curvesLeft -= 1
                                rows = (try? await MetricsService(client: source.client).metrics(jobID: job.id, eventTail: 100)) ?? []
                                loss = MetricSeries.curves(from: rows).first { $0.kind == .trainLoss }?.points.map(\.value) ?? []
                            }
                            out.append(Row(source: source.name, job: job, loss: loss, metrics: rows,
                                           secondsLeft: ProgressEstimate().secondsLeft(job, now: now())))
                        }
                        return (index, out, nil)
                    } catch let e as FTError {
                        return (index, [], e.why)
                    } catch {
                        return (index, [], "\(error)")
                    }
                }
            }
            var byIndex: [Int: ([Row], String?)] = [:]
            for await (i, r, why) in group { byIndex[i] = (r, why) }
            for i in sources.indices {
                guard let (r, why) = byIndex[i] else { continue }
                rows += r
                if let why { problems.append((sources[i].name, why)) }
            }
        }
        return Snapshot(rows: rows, problems: problems, taken: now())
    }
}
