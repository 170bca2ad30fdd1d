import FTCore
import Foundation

/// What a follow reports as it goes.
public enum FollowUpdate: Sendable {
    /// A new line, oldest first, each exactly once.
    case line(JobEvent)
    /// The job as last read, when its status changed (and the first time it is read).
    case status(Job)
    /// A request failed with a transient error; the follow tries again after `retryIn` seconds.
    /// `outage` is how long requests have been failing.
    case reconnecting(FTError, retryIn: Double, outage: Double)
    /// Requests got through again after an outage this long.
    case reconnected(outage: Double)
    /// The last update of `updates(...)`: the job ended (the callback API returns this instead).
    case finished(FollowOutcome)
}

/// How a follow ended.
public struct FollowOutcome: Sendable {
    /// The job in its terminal state.
    public var job: Job
    public var lines: Int
    /// Requests the follow sent (retries inside the client's middleware not counted).
    public var requests: Int
    /// Outages ridden out.
    public var outages: Int
    /// Wall time of the follow, by the injected clock.
    public var seconds: Double
}

/// Follows a job's events until the job ends: oldest first on every provider, incremental (an
/// `after` cursor on OpenAI-style providers, `since` on generic-v1; never re-reading the
/// history), fast while lines arrive and backing off while idle, and riding out network errors,
/// 5xx, 429 and server restarts for up to `policy.maxOutage`. Each line is reported exactly once.
/// Where the provider has no events (truefoundry), status changes are reported as lines.
/// It prints nothing; clock and sleep are injected so tests run without waiting.
public struct LogFollower: Sendable {
    public let client: FTClient
    public var policy = FollowPolicy()
    public var sleep: @Sendable (Double) async throws -> Void = { try await Pause.sleep($0) }
    public var now: @Sendable () -> Date = { Date() }
    /// 0…1, for the backoff's jitter.
    public var random: @Sendable () -> Double = { Double.random(in: 0...1) }

    public init(client: FTClient) {
        self.client = client
    }

    /// How this provider's lines are read.
    public enum Mode: Sendable, Equatable {
        /// Events with ids, paged by cursor.
        case cursor
        /// Log lines without ids, read by time.
        case since
        /// No events: status changes stand in for lines.
        case status
    }

    public var mode: Mode {
        let provider = client.provider
        guard provider.capabilities.contains(.listEvents) else { return .status }
        return provider.declaration.schema == .platform ? .since : .cursor
    }

    /// Where to start again to see the lines after `line`: its id where events have ids, else its time.
    public func resumePoint(after line: JobEvent) -> FollowStart? {
        switch mode {
        case .cursor: return line.id.isEmpty ? nil : .after(line.id)
        case .since: return line.time.map { .since($0) }
        case .status: return nil
        }
    }

    /// Follows until the job ends and returns how it ended; `onUpdate` sees every line and change.
    public func follow(jobID: String, from start: FollowStart = .beginning,
                       onUpdate: @Sendable (FollowUpdate) -> Void) async throws -> FollowOutcome {
        var run = FollowRun(follower: self, jobID: jobID, start: start)
        return try await run.go(onUpdate)
    }

    /// The same as an asynchronous sequence of updates, ending with `.finished`. Stopping the
    /// iteration cancels the follow.
    public func updates(jobID: String, from start: FollowStart = .beginning) -> AsyncThrowingStream<FollowUpdate, any Error> {
        let (stream, continuation) = AsyncThrowingStream<FollowUpdate, any Error>.makeStream()
        let task = Task {
            do {
                let outcome = try await follow(jobID: jobID, from: start) { continuation.yield($0) }
                continuation.yield(.finished(outcome))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// One follow's state: the line source, pacing and the outage clock.
private struct FollowRun {
    let follower: LogFollower
    let jobID: String
    var source: any LineSource
    var policy: FollowPolicy { follower.policy }
    var requests = 0
    var lines = 0
    var outages = 0
    var lastJob: Job?
    var lastStatusRead: Date?
    var outageStart: Date?
    var attempts = 0
    var badAnswers = 0
    var syntheticLines = 0

    init(follower: LogFollower, jobID: String, start: FollowStart) {
        self.follower = follower
        self.jobID = jobID
        let p = follower.policy
        switch follower.mode {
        case .cursor: source = EventCursorSource(start: start, pageSize: min(p.pageSize, follower.client.provider.declaration.maxPageSize))
        case .since: source = LogLineSource(start: start, pageSize: max(p.pageSize, 1000), maxLines: p.maxLines)
        case .status: source = NoLines()
        }
    }

    mutating func go(_ onUpdate: @Sendable (FollowUpdate) -> Void) async throws -> FollowOutcome {
        let began = follower.now()
        var interval = policy.fastInterval
        while true {
            try Task.checkCancellation()
            do {
                var active = try await readLines(onUpdate)
                if statusDue(gotLines: active) {
                    let before = lastJob?.status
                    let job = try await readStatus(onUpdate)
                    if job.status.isTerminal {
                        // The status was read after the lines above; read once more for what came in between.
                        _ = try await readLines(onUpdate)
                        recovered(onUpdate)
                        return FollowOutcome(job: job, lines: lines, requests: requests, outages: outages,
                                             seconds: follower.now().timeIntervalSince(began))
                    }
                    // A change of status is activity too: poll fast after it.
                    active = active || job.status != before
                }
                recovered(onUpdate)
                interval = policy.nextInterval(after: interval, gotLines: active)
                try await follower.sleep(interval)
            } catch let error as FTError where FollowPolicy.isTransient(error) {
                try await outage(error, onUpdate)
            }
        }
    }

    /// Reads and reports new lines; whether there were any.
    mutating func readLines(_ onUpdate: @Sendable (FollowUpdate) -> Void) async throws -> Bool {
        let fresh = try await source.read(follower.client, jobID: jobID, requests: &requests)
        for line in fresh { onUpdate(.line(line)) }
        lines += fresh.count
        badAnswers = 0
        return !fresh.isEmpty
    }

    /// The status is read when a poll brings nothing (how a job's end shows), on the first poll,
    /// where there are no lines, and at least every `statusEvery` seconds.
    func statusDue(gotLines: Bool) -> Bool {
        guard let last = lastStatusRead else { return true }
        return !gotLines || source is NoLines || follower.now().timeIntervalSince(last) >= policy.statusEvery
    }

    mutating func readStatus(_ onUpdate: @Sendable (FollowUpdate) -> Void) async throws -> Job {
        let job = try await follower.client.send(try follower.client.provider.getJob(jobID))
        requests += 1
        lastStatusRead = follower.now()
        if job.status != lastJob?.status {
            onUpdate(.status(job))
            if source is NoLines {
                syntheticLines += 1
                onUpdate(.line(Self.statusLine(job, n: syntheticLines, at: follower.now())))
                lines += 1
            }
        }
        lastJob = job
        return job
    }

    /// A line standing in for events where the provider has none.
    static func statusLine(_ job: Job, n: Int, at time: Date) -> JobEvent {
        var message = "Job \(job.id) is \(job.status)"
        if let p = job.progress, let step = p.step {
            message += p.totalSteps.map { " (step \(step)/\($0))" } ?? " (step \(step))"
        }
        if job.status == .failed, let why = job.error?.message { message += ": \(why)" }
        return JobEvent(id: "status-\(n)", time: time, level: job.status == .failed ? "error" : "info", message: message,
                        step: job.progress?.step)
    }

    mutating func recovered(_ onUpdate: @Sendable (FollowUpdate) -> Void) {
        guard let start = outageStart else { return }
        onUpdate(.reconnected(outage: follower.now().timeIntervalSince(start)))
        outageStart = nil
        attempts = 0
    }

    /// Waits out a transient failure, or gives up once the outage has lasted `maxOutage`.
    mutating func outage(_ error: FTError, _ onUpdate: @Sendable (FollowUpdate) -> Void) async throws {
        let now = follower.now()
        if outageStart == nil {
            outageStart = now
            outages += 1
        }
        let elapsed = now.timeIntervalSince(outageStart ?? now)
        if error.code == .badResponse { badAnswers += 1 }
        // A server that keeps answering what cannot be read is not restarting: stop.
        guard elapsed < policy.maxOutage, badAnswers <= 5 else {
            throw FTError(error.code, what: "follow job \(jobID)",
                          why: "no usable answer for \(DurationText.format(elapsed.rounded())) (\(error.why))",
                          hint: "Check the service, then follow again from where this stopped.",
                          httpStatus: error.httpStatus, requestID: error.requestID)
        }
        let delay = min(policy.retryDelay(attempt: attempts, retryAfter: error.retryAfter, unit: follower.random()),
                        max(0, policy.maxOutage - elapsed))
        attempts += 1
        onUpdate(.reconnecting(error, retryIn: delay, outage: elapsed))
        try await follower.sleep(delay)
    }
}

/// The source of a provider without events.
private struct NoLines: LineSource {
    mutating func read(_ client: FTClient, jobID: String, requests: inout Int) async throws -> [JobEvent] { [] }
}
